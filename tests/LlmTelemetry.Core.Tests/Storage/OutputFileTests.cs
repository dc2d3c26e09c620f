using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text;
using LlmTelemetry.Configuration;
using LlmTelemetry.Exporters;
using LlmTelemetry.Importers;
using LlmTelemetry.Pricing;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    /// <summary>
    /// The one writer of whole files (<see cref="OutputFile"/>), seen through the product's own writers: the temp file
    /// is private from its first byte and unguessable, a failure leaves the target as it was, and a path the product
    /// picked never follows what was planted there.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public sealed class OutputFileTests : IDisposable
    {
        private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private const UnixFileMode Folder700 = File600 | UnixFileMode.UserExecute;
        private readonly TempStore _t = new TempStore();

        public void Dispose() => _t.Dispose();

        private static IEnumerable<TelemetryRecord> Records(DateTimeOffset at, int n, Action<int>? each = null)
        {
            for (int i = 0; i < n; i++)
            {
                each?.Invoke(i);
                yield return TempStore.Call(at.AddMinutes(i));
            }
        }

        [Fact]
        public void The_temp_file_is_owner_only_hidden_and_random_while_it_is_written()
        {
            var target = Path.Combine(_t.Root, "out.csv");
            var seen = new List<(string Name, UnixFileMode Mode)>();
            RecordExporter.WriteFile(Records(_t.Now, 3, i =>
            {
                if (i != 2) return;
                foreach (var f in Directory.GetFiles(_t.Root)) seen.Add((Path.GetFileName(f), File.GetUnixFileMode(f)));
            }), target, ExportFormat.Csv);
            var temp = Assert.Single(seen);
            Assert.Matches(@"^\.out\.csv\.[0-9a-f]{32}\.tmp$", temp.Name);
            Assert.Equal(File600, temp.Mode);
            Assert.Equal(new[] { target }, Directory.GetFiles(_t.Root));
            Assert.Equal(File600, File.GetUnixFileMode(target));
        }

        [Fact]
        public void A_failed_export_leaves_the_existing_file_as_it_was_and_nothing_beside_it()
        {
            var target = Path.Combine(_t.Root, "out.csv");
            File.WriteAllText(target, "the previous export");
            var ex = Assert.Throws<TelemetryException>(() => RecordExporter.WriteFile(Records(_t.Now, 5, i =>
            {
                if (i == 3) throw new TelemetryException(TelemetryErrorCode.ReadError, "the store went away");
            }), target, ExportFormat.Csv));
            Assert.Equal("the store went away", ex.Message);
            Assert.Equal("the previous export", File.ReadAllText(target));
            Assert.Equal(new[] { target }, Directory.GetFiles(_t.Root));
        }

        [Fact]
        public void A_long_file_name_still_gets_a_temp_file_within_the_name_limit()
        {
            var target = Path.Combine(_t.Root, new string('n', 240) + ".csv");
            Assert.Equal(2, RecordExporter.WriteFile(Records(_t.Now, 2), target, ExportFormat.Csv));
            Assert.StartsWith("id,", File.ReadAllText(target));
        }

        [Fact]
        public void A_link_the_user_made_to_their_model_overrides_stays_a_link()
        {
            var dotfiles = Path.Combine(_t.Root, "dotfiles");
            var config = Path.Combine(_t.Root, "config");
            Directory.CreateDirectory(dotfiles);
            Directory.CreateDirectory(config);
            var real = Path.Combine(dotfiles, "models.json");
            File.WriteAllText(real, "{ \"schema\": 1, \"models\": [] }\n");
            var link = Path.Combine(config, "models.json");
            File.CreateSymbolicLink(link, real);
            ModelRegistry.Load(link).SetPrice("gpt-4o-mini", ModelPrice.Create(1, 2));
            Assert.Equal(real, new FileInfo(link).LinkTarget);
            Assert.Contains("gpt-4o-mini", File.ReadAllText(real));
        }

        [Fact]
        public void A_link_planted_at_a_day_summary_is_replaced_not_followed()
        {
            var victim = Path.Combine(_t.Root, "victim");
            File.WriteAllText(victim, "keep me");
            var day = new DayPartition(_t.StoreRoot, _t.Now.UtcDateTime.Date.AddDays(-2));
            _t.Store.Append(TempStore.Call(_t.Now.AddDays(-2)));
            File.CreateSymbolicLink(day.RollupPath, victim);
            var summary = _t.Reopen().Summaries.GetDay(day);
            Assert.Equal(1, summary.Totals.Calls);
            Assert.Equal("keep me", File.ReadAllText(victim));
            Assert.Null(new FileInfo(day.RollupPath).LinkTarget);
            Assert.Equal(File600, File.GetUnixFileMode(day.RollupPath));
        }

        [Fact]
        public void Links_planted_beside_a_compacted_day_and_at_the_maintenance_marker_are_not_followed()
        {
            // The store's clock runs ten days ahead, so the marker's link (made now) is old enough for maintenance to be due.
            using var t = new TempStore(DateTimeOffset.UtcNow.AddDays(10), o => o with { RetentionDays = 3650 });
            var victim = Path.Combine(t.Root, "victim");
            File.WriteAllText(victim, "keep me");
            File.SetLastWriteTimeUtc(victim, DateTime.UtcNow.AddDays(-3));
            var day = new DayPartition(t.StoreRoot, t.Now.UtcDateTime.Date.AddDays(-10));
            t.Store.Append(TempStore.Call(t.Now.AddDays(-10)));
            // The names the old code wrote through: "<file>.tmp" beside the compacted day, and the marker itself.
            File.CreateSymbolicLink(day.CompactedPath + ".tmp", victim);
            var marker = Path.Combine(t.StoreRoot, ".maintenance");
            File.CreateSymbolicLink(marker, victim);
            t.Reopen(o => o with { AutoMaintenance = true }).Append(TempStore.Call(t.Now));
            Assert.Equal("keep me", File.ReadAllText(victim));
            Assert.True(File.Exists(day.CompactedPath));
            Assert.False(File.Exists(day.DataPath));
            Assert.Null(new FileInfo(marker).LinkTarget);
            Assert.Single(t.Reopen().Query(RecordQuery.All), r => r.Timestamp < t.Now.AddDays(-5));
        }

        [Fact]
        public void A_link_planted_at_an_import_checkpoint_is_replaced_not_followed()
        {
            using var t = new TempStore(DateTimeOffset.UtcNow);
            var victim = Path.Combine(t.Root, "victim");
            File.WriteAllText(victim, "keep me");
            var state = Path.Combine(t.StoreRoot, StoreImportTarget.StateFolderName);
            Directory.CreateDirectory(state);
            File.CreateSymbolicLink(Path.Combine(state, "import-jsonl.json"), victim);
            var source = Path.Combine(t.Root, "export.jsonl");
            File.WriteAllBytes(source, RecordSerializer.ToLine(TempStore.Call(DateTimeOffset.UtcNow.AddHours(-1))));
            Assert.Equal(1, TelemetryImporter.Import(ImportSource.Jsonl, t.Store, new ImportOptions { Path = source }).Added);
            Assert.Equal("keep me", File.ReadAllText(victim));
            Assert.Null(new FileInfo(Path.Combine(state, "import-jsonl.json")).LinkTarget);
        }
    }

    /// <summary>The default dashboard file: a per-user folder, never the shared temp folder. Changes XDG_CACHE_HOME and HOME.</summary>
    [Collection(EnvironmentCollection.Name)]
    [UnsupportedOSPlatform("windows")]
    public sealed class DefaultReportPathTests : IDisposable
    {
        private readonly TempStore _t = new TempStore();
        private readonly string? _cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        private readonly string? _home = Environment.GetEnvironmentVariable("HOME");

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", _cache);
            Environment.SetEnvironmentVariable("HOME", _home);
            _t.Dispose();
        }

        private HtmlReportRequest Request => new HtmlReportRequest(new RecordQuery { Range = DateRange.LastDays(7, TimeZoneInfo.Utc, _t.Now), Zone = TimeZoneInfo.Utc });

        [Fact]
        public void Without_a_path_the_page_goes_to_an_owner_only_reports_folder_in_the_users_cache()
        {
            var cache = Path.Combine(_t.Root, "cache");
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", cache);
            _t.Store.Append(TempStore.Call(_t.Now));
            var summary = HtmlReportWriter.WriteFile(_t.Store, Request, null);
            var reports = Path.Combine(cache, "llm-telemetry", "reports");
            Assert.Equal(reports, Path.GetDirectoryName(summary.Path));
            Assert.Matches(@"^llm-telemetry-\d{8}-\d{6}-\d{3}\.html$", Path.GetFileName(summary.Path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(reports));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(cache, "llm-telemetry")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(summary.Path!));
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(summary.Path!), StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void A_relative_xdg_cache_home_is_ignored_as_the_spec_says()
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "relative/cache");
            Environment.SetEnvironmentVariable("HOME", Path.Combine(_t.Root, "home"));
            Assert.Equal(Path.Combine(_t.Root, "home", ".cache", "llm-telemetry", "reports"), ConfigPaths.ReportsDirectory);
        }

        [Fact]
        public void With_no_home_and_no_cache_folder_the_error_says_to_name_the_file()
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", null);
            Environment.SetEnvironmentVariable("HOME", "relative-home");
            var ex = Assert.Throws<TelemetryException>(() => HtmlReportWriter.WriteFile(_t.Store, Request, null));
            Assert.Equal(TelemetryErrorCode.ConfigurationError, ex.Code);
            Assert.Contains("HOME", ex.Message);
            Assert.Contains("name the file", ex.Message);
        }
    }

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class EnvironmentCollection
    {
        public const string Name = "process environment";
    }
}
