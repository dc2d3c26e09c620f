using System;
using System.Linq;
using LlmTelemetry.Exporters;
using LlmTelemetry.Queries;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Queries
{
    public sealed class RecordQueryTests
    {
        [Fact]
        public void The_store_returns_a_page_in_the_order_asked_after_skip_and_up_to_the_limit()
        {
            using var t = new TempStore();
            var records = Enumerable.Range(0, 10).Select(i => TempStore.Call(t.Now.AddDays(-3).AddHours(i * 7))).ToList();
            t.Store.AppendBatch(records);
            var newest = records.OrderByDescending(r => r.Timestamp).ToList();

            Assert.Equal(newest.Skip(2).Take(3), t.Store.Query(new RecordQuery { NewestFirst = true, Skip = 2, Limit = 3 }));
            Assert.Equal(records.Skip(8), t.Store.Query(new RecordQuery { Skip = 8, Limit = 5 }));
            Assert.Empty(t.Store.Query(new RecordQuery { Limit = 0 }));
        }

        [Fact]
        public void Reports_cover_the_whole_range_whatever_the_paging_of_the_query()
        {
            using var t = new TempStore();
            t.Store.AppendBatch(Enumerable.Range(0, 6).Select(i => TempStore.Call(t.Now.AddHours(-i))));
            var paged = new RecordQuery { Zone = TimeZoneInfo.Utc, NewestFirst = true, Skip = 1, Limit = 2 };
            Assert.Equal(6, CostReporter.Run(t.Store, paged).Total.Calls);
            Assert.Equal(6, UsageStatsCalculator.Run(t.Store, paged).Calls);
        }

        [Fact]
        public void The_zone_is_the_ranges_unless_one_is_given()
        {
            var tokyo = TimeZones.Find("Asia/Tokyo");
            var range = new DateRange(new DateTime(2026, 11, 1), new DateTime(2026, 11, 2), tokyo);
            Assert.Same(tokyo, new RecordQuery { Range = range }.Zone);
            Assert.Same(TimeZoneInfo.Utc, new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc }.Zone);
            Assert.Same(TimeZoneInfo.Local, RecordQuery.All.Zone);
        }

        [Fact]
        public void Negative_paging_and_a_dashboard_without_a_range_are_refused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new RecordQuery { Skip = -1 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new RecordQuery { Limit = -1 });
            Assert.Throws<ArgumentException>(() => new HtmlReportRequest(RecordQuery.All));
        }
    }
}
