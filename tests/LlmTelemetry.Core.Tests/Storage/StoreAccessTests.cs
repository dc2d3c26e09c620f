using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    /// <summary>
    /// A store whose lock file cannot be opened at all is a failure naming the lock file, at once: it used to escape as
    /// UnauthorizedAccessException (an unhandled crash in the CLI), or to be taken for another writer's lock and end, after
    /// the lock timeout, as "another writer held it". (Running as another user, and a read-only file system, are covered
    /// with the real CLI in HostileStoreAccessTests.)
    /// </summary>
    public sealed class StoreAccessTests
    {
        [Fact]
        public void An_append_whose_lock_cannot_be_opened_fails_naming_the_lock_file_and_stores_nothing()
        {
            using var t = new TempStore(configure: o => o with { LockTimeout = TimeSpan.FromSeconds(2) });
            t.Store.Append(TempStore.Call(t.Now));
            string lockPath = Path.Combine(t.StoreRoot, ".lock");
            File.Delete(lockPath);
            Directory.CreateDirectory(lockPath); // cannot be opened for writing by anyone, root included

            var ex = Assert.ThrowsAny<TelemetryException>(() => t.Store.Append(TempStore.Call(t.Now.AddMinutes(1))));

            Assert.Equal(TelemetryErrorCode.WriteError, ex.Code);
            Assert.Equal(lockPath, ex.Path);
            Assert.Contains(lockPath, ex.Message);
            Assert.Single(t.Store.Query());
        }

        [Fact]
        public void Maintenance_whose_lock_cannot_be_opened_fails_naming_the_lock_file()
        {
            using var t = new TempStore(configure: o => o with { LockTimeout = TimeSpan.FromSeconds(2), RetentionDays = 365 });
            t.Store.Append(TempStore.Call(t.Now.AddDays(-40)));
            string lockPath = Path.Combine(t.StoreRoot, ".lock");
            File.Delete(lockPath);
            Directory.CreateDirectory(lockPath);

            var ex = Assert.ThrowsAny<TelemetryException>(() => t.Store.Maintenance.Run(new MaintenanceOptions { DryRun = true }));

            Assert.Equal(TelemetryErrorCode.WriteError, ex.Code);
            Assert.Contains(lockPath, ex.Message);
            Assert.Single(t.Store.Query());
        }

        [Fact]
        public void A_lock_held_by_another_process_is_still_waited_for_not_reported_as_unusable()
        {
            using var t = new TempStore(configure: o => o with { LockTimeout = TimeSpan.FromMilliseconds(300) });
            t.Store.Append(TempStore.Call(t.Now));
            // flock() locks belong to the open file description, so a second handle in this process conflicts as another process would.
            using (new FileStream(Path.Combine(t.StoreRoot, ".lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                var ex = Assert.ThrowsAny<TelemetryException>(() => t.Store.Append(TempStore.Call(t.Now.AddMinutes(1))));
                Assert.Equal(TelemetryErrorCode.LockTimeout, ex.Code);
            }
            t.Store.Append(TempStore.Call(t.Now.AddMinutes(2)));
            Assert.Equal(2, t.Store.Query().Count());
        }
    }
}
