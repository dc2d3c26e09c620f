using System;
using System.Collections.Generic;
using System.Linq;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Queries
{
    /// <summary>Usage blocks cut as ccusage cuts them, from raw days and from history, and the active block's fast path.</summary>
    public sealed class UsageBlockTests
    {
        private static readonly DateTimeOffset Day = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

        private static IReadOnlyList<UsageBlock> Blocks(TempStore t, DateTimeOffset? now = null, bool useSummaries = true, TokenLimit? limit = null)
            => UsageBlocks.Run(t.Store, new UsageBlockQuery { Now = now ?? t.Now, Records = RecordQuery.All with { UseSummaries = useSummaries }, TokenLimit = limit }).Blocks;

        private static void Write(TempStore t, params TelemetryRecord[] records) => t.Store.AppendBatch(records);

        [Fact]
        public void A_block_starts_at_the_UTC_hour_of_its_first_call_and_ends_a_length_later()
        {
            using var t = new TempStore();
            Write(t, TempStore.Call(Day.AddHours(10).AddMinutes(37).AddSeconds(12), input: 100, output: 50, cacheRead: 7, cacheWrite: 3, cost: 0.5),
                TempStore.Call(Day.AddHours(11), model: "claude-haiku-4-5", cost: 0.25));
            var b = Assert.Single(Blocks(t));
            Assert.Equal(Day.AddHours(10), b.Start);
            Assert.Equal(Day.AddHours(15), b.End);
            Assert.Equal(Day.AddHours(11), b.ActualEnd);
            Assert.Equal(2, b.Calls);
            Assert.Equal(200, b.InputTokens);
            Assert.Equal(100, b.OutputTokens);
            Assert.Equal(3, b.CacheCreationInputTokens);
            Assert.Equal(7, b.CacheReadInputTokens);
            Assert.Equal(310, b.TotalTokens);
            Assert.Equal(0.75, b.CostUsd, 12);
            Assert.Equal(new[] { "claude-sonnet-4-5", "claude-haiku-4-5" }, b.Models);
            Assert.False(b.IsActive);
            Assert.Null(b.BurnRate);
            Assert.Null(b.Projection);
            Assert.Null(b.Limit);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void A_call_exactly_a_length_after_the_start_stays_in_the_block_and_one_a_millisecond_later_starts_the_next(bool useSummaries)
        {
            using var t = new TempStore();
            // 15:00:00.000 and 15:00:00.001 share a 15-minute cell that begins on the boundary: the day is read record by record.
            Write(t, TempStore.Call(Day.AddHours(10)), TempStore.Call(Day.AddHours(15)), TempStore.Call(Day.AddHours(15).AddMilliseconds(1)),
                TempStore.Call(Day.AddHours(15).AddMinutes(5)));
            var blocks = Blocks(t, useSummaries: useSummaries);
            Assert.Equal(2, blocks.Count);
            Assert.Equal((Day.AddHours(10), Day.AddHours(15), 2L), (blocks[0].Start, blocks[0].End, blocks[0].Calls));
            Assert.Equal(Day.AddHours(15), blocks[0].ActualEnd);
            Assert.Equal((Day.AddHours(15), Day.AddHours(20), 2L), (blocks[1].Start, blocks[1].End, blocks[1].Calls));
        }

        [Fact]
        public void A_call_more_than_a_length_after_the_blocks_start_starts_a_block_at_its_own_hour_even_without_a_silence()
        {
            using var t = new TempStore();
            Write(t, TempStore.Call(Day.AddHours(10).AddMinutes(10)), TempStore.Call(Day.AddHours(12)), TempStore.Call(Day.AddHours(14).AddMinutes(50)),
                TempStore.Call(Day.AddHours(15).AddMinutes(20)), TempStore.Call(Day.AddHours(16)));
            var blocks = Blocks(t);
            Assert.Equal(new[] { Day.AddHours(10), Day.AddHours(15) }, blocks.Select(b => b.Start));
            Assert.Equal(new[] { 3L, 2L }, blocks.Select(b => b.Calls));
            Assert.Equal(Day.AddHours(20), blocks[1].End);
        }

        [Fact]
        public void A_silence_longer_than_a_length_ends_the_block_and_the_next_starts_at_the_next_calls_hour()
        {
            using var t = new TempStore();
            Write(t, TempStore.Call(Day.AddHours(1).AddMinutes(30)), TempStore.Call(Day.AddHours(2)),
                TempStore.Call(Day.AddHours(7).AddMinutes(45)));
            var blocks = Blocks(t);
            Assert.Equal(new[] { Day.AddHours(1), Day.AddHours(7) }, blocks.Select(b => b.Start));
            Assert.Equal(new[] { Day.AddHours(2), Day.AddHours(7).AddMinutes(45) }, blocks.Select(b => b.ActualEnd));
        }

        [Fact]
        public void A_block_crosses_UTC_midnight_into_the_next_day_folder()
        {
            using var t = new TempStore();
            Write(t, TempStore.Call(Day.AddHours(22).AddMinutes(30)), TempStore.Call(Day.AddHours(25).AddMinutes(10)), TempStore.Call(Day.AddHours(27).AddMinutes(1)));
            var blocks = Blocks(t);
            Assert.Equal(2, blocks.Count);
            Assert.Equal((Day.AddHours(22), Day.AddHours(27), 2L), (blocks[0].Start, blocks[0].End, blocks[0].Calls));
            Assert.Equal(Day.AddHours(27), blocks[1].Start);
        }

        [Fact]
        public void Only_llm_calls_count_and_a_filter_narrows_the_calls()
        {
            using var t = new TempStore();
            Write(t, new TelemetryRecordBuilder().At(Day.AddHours(3)).EventType("session_start").Session("s1").Build(),
                TempStore.Call(Day.AddHours(9).AddMinutes(5), model: "gpt-4o-mini"), TempStore.Call(Day.AddHours(9).AddMinutes(20)));
            var all = Assert.Single(Blocks(t));
            Assert.Equal(Day.AddHours(9), all.Start);
            Assert.Equal(2, all.Calls);
            var query = new UsageBlockQuery { Now = t.Now, Records = RecordQuery.All with { Filter = new RecordFilter { Models = new[] { "claude-*" } } } };
            var claude = Assert.Single(UsageBlocks.Run(t.Store, query).Blocks);
            Assert.Equal((1L, Day.AddHours(9).AddMinutes(20)), (claude.Calls, claude.FirstCall));
        }

        [Fact]
        public void The_active_block_has_ccusages_burn_rate_and_projection()
        {
            using var t = new TempStore();
            Write(t, TempStore.Call(Day.AddHours(10).AddMinutes(10), input: 1000, output: 200, cacheRead: 600, cost: 0.3),
                TempStore.Call(Day.AddHours(10).AddMinutes(40), input: 500, output: 100, cacheWrite: 600, cost: 0.6));
            var now = Day.AddHours(11);
            var b = Assert.Single(Blocks(t, now));
            Assert.True(b.IsActive);
            Assert.NotNull(b.BurnRate);
            // 3,000 tokens and $0.90 over the 30 minutes from the first call to the last.
            Assert.Equal(100, b.BurnRate!.TokensPerMinute, 9);
            Assert.Equal(60, b.BurnRate.InputOutputTokensPerMinute, 9);
            Assert.Equal(0.03, b.BurnRate.CostPerMinute, 12);
            Assert.Equal(1.8, b.BurnRate.CostPerHour, 12);
            // 240 minutes remain to 15:00.
            Assert.Equal(240, b.Projection!.RemainingMinutes, 9);
            Assert.Equal(3000 + 24_000, b.Projection.TotalTokens);
            Assert.Equal(0.9 + 7.2, b.Projection.CostUsd, 9);
        }

        [Fact]
        public void A_block_whose_calls_share_one_instant_has_no_burn_rate_and_a_block_long_silent_is_not_active()
        {
            using var t = new TempStore();
            Write(t, TempStore.Call(Day.AddHours(10).AddMinutes(10)));
            var b = Assert.Single(Blocks(t, Day.AddHours(11)));
            Assert.True(b.IsActive);
            Assert.Null(b.BurnRate);
            Assert.Null(b.Projection);
            Assert.False(Assert.Single(Blocks(t, Day.AddHours(15))).IsActive);
            Assert.True(Assert.Single(Blocks(t, Day.AddHours(15).AddTicks(-1))).IsActive);
        }

        [Fact]
        public void Token_limit_max_is_the_largest_finished_block_and_every_block_is_measured_against_it()
        {
            using var t = new TempStore();
            Write(t, TempStore.Call(Day.AddHours(1), input: 1000, output: 0), TempStore.Call(Day.AddHours(8), input: 4000, output: 0),
                TempStore.Call(Day.AddHours(20), input: 9000, output: 0), TempStore.Call(Day.AddHours(20).AddMinutes(30), input: 1000, output: 0));
            var report = UsageBlocks.Run(t.Store, new UsageBlockQuery { Now = Day.AddHours(21), TokenLimit = TokenLimit.Max });
            Assert.Equal(4000, report.TokenLimit);
            Assert.Equal(new[] { 25.0, 100.0, 250.0 }, report.Blocks.Select(b => b.Limit!.Percent));
            Assert.Equal(new[] { "ok", "warning", "exceeds" }, report.Blocks.Select(b => b.Limit!.Status));
            var active = report.Blocks[2];
            Assert.True(active.IsActive);
            Assert.Equal(active.Projection!.TotalTokens, active.Limit!.Projected);
            Assert.Null(report.Blocks[0].Limit!.Projected);

            var onlyActive = UsageBlocks.Run(t.Store, new UsageBlockQuery { Now = Day.AddHours(21), TokenLimit = TokenLimit.Parse("20000"), ActiveOnly = true });
            var single = Assert.Single(onlyActive.Blocks);
            Assert.Equal((Day.AddHours(20), 20000L, 50.0), (single.Start, single.Limit!.Limit, single.Limit.Percent));
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-5")]
        [InlineData("lots")]
        [InlineData("1.5")]
        public void A_token_limit_that_is_not_a_count_or_max_is_refused_naming_the_option(string text)
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => TokenLimit.Parse(text));
            Assert.Equal("token_limit", ex.Field);
        }

        [Theory]
        [InlineData(0.1)]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(double.NaN)]
        public void A_session_length_that_is_not_a_whole_number_of_quarter_hours_is_refused(double hours)
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => UsageBlockOptions.FromHours(hours));
            Assert.Equal("session_length", ex.Field);
        }

        [Fact]
        public void The_length_is_configurable()
        {
            using var t = new TempStore();
            Write(t, TempStore.Call(Day.AddHours(10).AddMinutes(5)), TempStore.Call(Day.AddHours(11).AddMinutes(50)), TempStore.Call(Day.AddHours(12).AddMinutes(10)));
            var report = UsageBlocks.Run(t.Store, new UsageBlockQuery { Now = t.Now, Options = UsageBlockOptions.FromHours(2) });
            Assert.Equal(new[] { Day.AddHours(10), Day.AddHours(12) }, report.Blocks.Select(b => b.Start));
            Assert.Equal(Day.AddHours(14), report.Blocks[1].End);
            Assert.Equal(TimeSpan.FromHours(2), report.Length);
        }

        /// <summary>Bursts of calls at random, some hours or days apart, over 60 days before the store's clock.</summary>
        private static TempStore Generate(int seed, out List<TelemetryRecord> written)
        {
            var t = new TempStore(configure: o => o with { RetentionDays = 365 });
            var rng = new Random(seed);
            string[] models = { "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-4o-mini" };
            var at = t.Now.AddDays(-60);
            written = new List<TelemetryRecord>();
            while (true)
            {
                // A silence: minutes, an hour or two, more than a block, or days.
                int kind = rng.Next(10);
                at = at.AddMinutes(kind < 5 ? rng.Next(1, 40) : kind < 8 ? rng.Next(60, 200) : kind < 9 ? rng.Next(301, 900) : rng.Next(1440, 4000));
                at = at.AddMilliseconds(rng.Next(60_000));
                if (at >= t.Now) break;
                written.Add(TempStore.Call(at, model: models[rng.Next(models.Length)], input: rng.Next(5000), output: rng.Next(2000),
                    cacheRead: rng.Next(20_000), cacheWrite: rng.Next(3) == 0 ? rng.Next(8000) : 0, cost: rng.Next(15) == 0 ? (double?)null : rng.NextDouble() / 10,
                    session: "s" + rng.Next(5)));
            }
            t.Store.AppendBatch(written);
            return t;
        }

        private static void SameBlock(UsageBlock expected, UsageBlock actual)
        {
            Assert.Equal(expected.Start, actual.Start);
            Assert.Equal(expected.End, actual.End);
            Assert.Equal(expected.FirstCall, actual.FirstCall);
            Assert.Equal(expected.ActualEnd, actual.ActualEnd);
            Assert.Equal(expected.IsActive, actual.IsActive);
            Assert.Equal(expected.Calls, actual.Calls);
            Assert.Equal(expected.InputTokens, actual.InputTokens);
            Assert.Equal(expected.OutputTokens, actual.OutputTokens);
            Assert.Equal(expected.CacheCreationInputTokens, actual.CacheCreationInputTokens);
            Assert.Equal(expected.CacheReadInputTokens, actual.CacheReadInputTokens);
            Assert.Equal(expected.CostUsd, actual.CostUsd, 1e-9 * Math.Max(1, expected.CostUsd));
            Assert.Equal(expected.Models, actual.Models);
            Assert.Equal(expected.BurnRate?.TokensPerMinute, actual.BurnRate?.TokensPerMinute);
            Assert.Equal(expected.Projection?.TotalTokens, actual.Projection?.TotalTokens);
        }

        /// <summary>Blocks cut from every call one by one, in time order, with the definition written out again independently.</summary>
        private static List<(DateTimeOffset Start, long Calls, long Total)> Reference(IEnumerable<TelemetryRecord> records, TimeSpan length)
        {
            var blocks = new List<(DateTimeOffset Start, long Calls, long Total)>();
            DateTimeOffset start = default, last = default;
            foreach (var r in records.Where(r => r.IsLlmCall).OrderBy(r => r.Timestamp))
            {
                if (blocks.Count == 0 || r.Timestamp - start > length || r.Timestamp - last > length)
                {
                    var u = r.Timestamp.UtcDateTime;
                    start = new DateTimeOffset(u.Year, u.Month, u.Day, u.Hour, 0, 0, TimeSpan.Zero);
                    blocks.Add((start, 0, 0));
                }
                var (s, c, tot) = blocks[blocks.Count - 1];
                var k = r.Tokens;
                blocks[blocks.Count - 1] = (s, c + 1, tot + k.Input + k.Output + k.CacheCreationInput + k.CacheReadInput);
                last = r.Timestamp;
            }
            return blocks;
        }

        [Theory]
        [InlineData(3)]
        [InlineData(11)]
        public void Blocks_from_rollups_equal_blocks_cut_call_by_call_and_do_not_change_when_days_go_to_history(int seed)
        {
            using var t = Generate(seed, out var written);
            var expected = Reference(written, UsageBlockOptions.DefaultLength);
            var scanned = Blocks(t, useSummaries: false);
            var fromRollups = Blocks(t);
            Assert.Equal(expected, fromRollups.Select(b => (b.Start, b.Calls, b.TotalTokens)).ToList());
            Assert.Equal(scanned.Count, fromRollups.Count);
            for (int i = 0; i < scanned.Count; i++) SameBlock(scanned[i], fromRollups[i]);

            t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 10 });
            Assert.True(t.Store.History.Days().Count >= 20, "most days are history now");
            var afterPrune = Blocks(t);
            Assert.Equal(scanned.Count, afterPrune.Count);
            for (int i = 0; i < scanned.Count; i++) SameBlock(scanned[i], afterPrune[i]);
        }

        [Theory]
        [InlineData(5)]
        [InlineData(8)]
        public void The_active_fast_path_equals_the_last_block_of_the_whole_run_at_any_moment(int seed)
        {
            List<TelemetryRecord> written;
            using (Generate(seed, out written)) { }
            var rng = new Random(seed);
            // Moments just after calls (active), in silences, and long after: each with a store holding the calls made
            // by then, as a status line sees it, most of its days archived to history.
            var moments = written.Where((r, i) => i % 40 == 0).Select(r => r.Timestamp.AddMinutes(rng.Next(0, 900))).ToList();
            moments.AddRange(written.Skip(written.Count - 3).Select(r => r.Timestamp.AddMinutes(1)));
            moments.Add(written[written.Count - 1].Timestamp.AddHours(5));
            moments.Add(written[written.Count - 1].Timestamp.AddHours(5).AddTicks(-1));
            moments.Add(written[written.Count - 1].Timestamp.AddDays(3));
            int active = 0, inactive = 0;
            foreach (var now in moments)
            {
                using var t = new TempStore(now, o => o with { RetentionDays = 365 });
                t.Store.AppendBatch(written.Where(r => r.Timestamp <= now));
                t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 3 });
                var all = UsageBlocks.Run(t.Store, new UsageBlockQuery { Now = now }).Blocks;
                var fast = UsageBlocks.Active(t.Store, now);
                var last = all.Count > 0 ? all[all.Count - 1] : null;
                if (last is { IsActive: true })
                {
                    Assert.NotNull(fast);
                    SameBlock(last, fast!);
                    active++;
                }
                else
                {
                    Assert.Null(fast);
                    inactive++;
                }
            }
            Assert.True(active >= 3 && inactive >= 3, $"{active} moments had an active block, {inactive} had none");
        }
    }
}
