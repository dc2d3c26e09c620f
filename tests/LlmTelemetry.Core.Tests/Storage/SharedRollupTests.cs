using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    /// <summary>
    /// A decoded rollup is cached and shared by every question a process answers, and `serve` answers many at once:
    /// what a cell decodes on first use (its latency histogram) must come out whole to every reader.
    /// </summary>
    public sealed class SharedRollupTests
    {
        [Fact]
        public void Readers_at_once_each_see_every_cell_s_whole_latency_histogram()
        {
            var day = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
            var records = Enumerable.Range(0, 4000).Select(i => new TelemetryRecordBuilder()
                .At(new DateTimeOffset(day).AddSeconds(i * 20)).Model("m" + (i % 7)).Tokens(10, 5).DurationMs(1 + (i * 37) % 90_000).Build()).ToList();
            var expected = DayRollup.Build(day, records, "fp").Cells.Select(c => c.Latency!.Values.Sum()).ToArray();
            Assert.Equal(records.Count, expected.Sum());

            for (int round = 0; round < 20; round++)
            {
                var bytes = RollupCodec.Encode(DayRollup.Build(day, records, "fp"));
                var shared = RollupCodec.Decode(bytes, out var problem)!;
                Assert.Null(problem);
                using var start = new Barrier(4);
                var seen = new long[4][];
                Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
                {
                    start.SignalAndWait();
                    seen[t] = shared.Cells.Select(c => c.Latency is { } l ? l.Values.Sum() : -1).ToArray();
                });
                foreach (var s in seen) Assert.Equal(expected, s);
            }
        }
    }
}
