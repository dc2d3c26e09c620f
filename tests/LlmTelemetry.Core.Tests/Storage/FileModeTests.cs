using System;
using System.IO;
using LlmTelemetry.Configuration;
using LlmTelemetry.Importers;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    /// <summary>
    /// Every file and folder the product creates is owner-only on Unix (0600 files, 0700 folders), as the day files
    /// always were: the lock, the maintenance marker, import checkpoints (they list log paths), the config folder and
    /// the model overrides, compacted days.
    /// </summary>
    public sealed class FileModeTests
    {
        private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private const UnixFileMode Folder700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        [Fact]
        public void The_lock_and_the_maintenance_marker_are_owner_only()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempStore(configure: o => o with { AutoMaintenance = true });
            t.Store.Append(TempStore.Call(t.Now));
            Assert.Equal(File600, File.GetUnixFileMode(Path.Combine(t.StoreRoot, ".lock")));
            Assert.Equal(File600, File.GetUnixFileMode(Path.Combine(t.StoreRoot, ".maintenance")));
        }

        [Fact]
        public void A_lock_file_left_0644_by_an_older_version_is_made_owner_only_on_first_use()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempStore();
            Directory.CreateDirectory(t.StoreRoot);
            var lockFile = Path.Combine(t.StoreRoot, ".lock");
            File.WriteAllBytes(lockFile, Array.Empty<byte>());
            File.SetUnixFileMode(lockFile, File600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            t.Reopen().Append(TempStore.Call(t.Now));
            Assert.Equal(File600, File.GetUnixFileMode(lockFile));
        }

        [Fact]
        public void The_import_folder_and_its_checkpoints_are_owner_only()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempStore(DateTimeOffset.UtcNow);
            var source = Path.Combine(t.Root, "export.jsonl");
            File.WriteAllBytes(source, RecordSerializer.ToLine(TempStore.Call(DateTimeOffset.UtcNow.AddHours(-1))));
            var result = TelemetryImporter.Import(ImportSource.Jsonl, t.Store, new ImportOptions { Path = source });
            Assert.Equal(1, result.Added);
            var state = Path.Combine(t.StoreRoot, StoreImportTarget.StateFolderName);
            Assert.Equal(Folder700, File.GetUnixFileMode(state));
            var checkpoints = Directory.GetFiles(state);
            Assert.NotEmpty(checkpoints);
            foreach (var f in checkpoints) Assert.Equal(File600, File.GetUnixFileMode(f));
        }

        [Fact]
        public void A_new_config_folder_and_the_model_overrides_are_owner_only()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempStore();
            var folder = Path.Combine(t.Root, "xdg", "llm-telemetry");
            var overrides = Path.Combine(folder, "models.json");
            ModelRegistry.Load(overrides).SetPrice("gpt-4o-mini", ModelPrice.Create(1, 2));
            Assert.Equal(Folder700, File.GetUnixFileMode(folder));
            Assert.Equal(File600, File.GetUnixFileMode(overrides));
            // Written again over an existing file: still owner-only, and nothing left beside it.
            ModelRegistry.Load(overrides).SetPrice("gpt-4o-mini", ModelPrice.Create(3, 4));
            Assert.Equal(File600, File.GetUnixFileMode(overrides));
            Assert.Equal(new[] { overrides }, Directory.GetFileSystemEntries(folder));
        }

        [Fact]
        public void The_user_config_and_its_new_folder_are_owner_only()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempStore();
            var folder = Path.Combine(t.Root, "cfg", "llm-telemetry");
            var config = Path.Combine(folder, "config.json");
            UserConfigUpdate.Apply(config, new UserConfig { RetentionDays = 12 });
            Assert.Equal(Folder700, File.GetUnixFileMode(folder));
            Assert.Equal(File600, File.GetUnixFileMode(config));
            Assert.Equal(12, UserConfig.Load(config).RetentionDays);
        }

        [Fact]
        public void A_compacted_day_is_owner_only_and_nothing_is_left_beside_it()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempStore(configure: o => o with { RetentionDays = 3650 });
            t.Store.Append(TempStore.Call(t.Now.AddDays(-10)));
            var report = t.Store.Maintenance.Run(new LlmTelemetry.Storage.MaintenanceOptions());
            Assert.Equal(1, report.DaysCompacted);
            var day = Path.Combine(t.StoreRoot, "2026-11-12");
            Assert.Equal(new[] { Path.Combine(day, "telemetry.jsonl.gz") }, Directory.GetFiles(day));
            Assert.Equal(File600, File.GetUnixFileMode(Path.Combine(day, "telemetry.jsonl.gz")));
        }
    }
}
