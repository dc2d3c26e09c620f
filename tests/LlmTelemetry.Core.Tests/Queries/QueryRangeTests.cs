using System;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using Xunit;

namespace LlmTelemetry.Tests.Queries
{
    public sealed class QueryRangeTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        [Fact]
        public void Nothing_given_means_the_whole_store()
            => Assert.Null(QueryRange.Resolve(null, null, null, TimeZoneInfo.Utc, Now));

        [Fact]
        public void Days_count_back_from_today_in_the_zone()
        {
            var tokyo = TimeZones.Find("Asia/Tokyo");
            var r = QueryRange.Resolve(1, null, null, tokyo, new DateTimeOffset(2026, 11, 22, 20, 0, 0, TimeSpan.Zero))!;
            Assert.Equal(new DateTime(2026, 11, 23), r.Since); // 05:00 on the 23rd in Tokyo
            Assert.Equal(new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero), r.Start);
        }

        [Fact]
        public void A_start_alone_runs_to_today_and_an_end_alone_covers_everything_before_it()
        {
            var fromStart = QueryRange.Resolve(null, new DateTime(2026, 10, 1), null, TimeZoneInfo.Utc, Now)!;
            Assert.Equal(new DateTime(2026, 11, 22), fromStart.Until);
            var toEnd = QueryRange.Resolve(null, null, new DateTime(2026, 10, 31, 15, 0, 0), TimeZoneInfo.Utc, Now)!;
            Assert.Equal(QueryRange.Epoch, toEnd.Since);
            Assert.Equal(new DateTime(2026, 10, 31), toEnd.Until);
        }

        [Fact]
        public void Days_with_dates_and_an_end_before_the_start_are_rejected_naming_the_parameter()
        {
            Assert.Equal("Days", Assert.Throws<TelemetryValidationException>(() => QueryRange.Resolve(7, new DateTime(2026, 1, 1), null, TimeZoneInfo.Utc, Now)).Field);
            Assert.Equal("Start", Assert.Throws<TelemetryValidationException>(() => QueryRange.Resolve(null, new DateTime(2026, 2, 1), new DateTime(2026, 1, 1), TimeZoneInfo.Utc, Now)).Field);
            Assert.Equal("Days", Assert.Throws<TelemetryValidationException>(() => QueryRange.Resolve(0, null, null, TimeZoneInfo.Utc, Now)).Field);
        }

        [Fact]
        public void Usage_stats_stop_when_cancelled()
        {
            using var t = new LlmTelemetry.Tests.Support.TempStore();
            t.Store.Append(LlmTelemetry.Tests.Support.TempStore.Call(t.Now));
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();
            Assert.Throws<OperationCanceledException>(() => UsageStatsCalculator.Run(t.Store, new RecordQuery { Zone = TimeZoneInfo.Utc, Cancellation = cancelled.Token }));
            Assert.Equal(1, UsageStatsCalculator.Run(t.Store, new RecordQuery { Zone = TimeZoneInfo.Utc }).Calls);
        }
    }
}
