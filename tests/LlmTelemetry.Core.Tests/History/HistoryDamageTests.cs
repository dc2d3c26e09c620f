using System.IO;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using Xunit;

namespace LlmTelemetry.Tests.History
{
    /// <summary>A history rollup is a day's only account: a damaged one fails the report, naming the file, rather than answer less.</summary>
    public sealed class HistoryDamageTests
    {
        [Fact]
        public void A_damaged_history_day_fails_a_report_that_needs_it_naming_the_file()
        {
            using var t = PruneKeepsAnswersTests.GenerateDays(20, 10);
            t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 5 });
            var days = t.Store.History.Days();
            Assert.True(days.Count > 5);
            string damaged = t.Store.History.PathOf(days[3]);
            var bytes = File.ReadAllBytes(damaged);
            bytes[bytes.Length / 2] ^= 0x5A;
            File.WriteAllBytes(damaged, bytes);

            var store = t.Reopen();
            var ex = Assert.ThrowsAny<TelemetryException>(() => CostReporter.Run(store, RecordQuery.All, new[] { GroupKey.Day }));
            Assert.Contains(damaged, ex.Message);
            Assert.Contains("only account of that day", ex.Message);
            // A question that does not reach that day still answers.
            var later = new RecordQuery { Range = new DateRange(days[4], t.Now.UtcDateTime.Date, System.TimeZoneInfo.Utc), Zone = System.TimeZoneInfo.Utc };
            Assert.True(CostReporter.Run(store, later).Total.Calls > 0);
        }
    }
}
