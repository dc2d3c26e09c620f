using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmTelemetry.Importers;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Status;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Status
{
    public sealed class StatusTests
    {
        private static readonly DateTimeOffset Noon = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        [Theory]
        [InlineData(0.0, StatusLevel.Green)]
        [InlineData(0.9999, StatusLevel.Green)]
        [InlineData(1.00, StatusLevel.Yellow)]
        [InlineData(5.00, StatusLevel.Yellow)]
        [InlineData(5.01, StatusLevel.Red)]
        public void A_session_costing_the_amount_is_coloured_as_the_seed_says(double sessionCost, StatusLevel expected)
        {
            using var temp = new TempStore(Noon);
            // Two calls that add up to the amount, so the level is judged on the sum the store reports, not one record.
            temp.Store.Record(TempStore.Call(Noon.AddMinutes(-30), cost: sessionCost / 2, session: "s-boundary"));
            temp.Store.Record(TempStore.Call(Noon.AddMinutes(-10), cost: sessionCost - sessionCost / 2, session: "s-boundary"));
            temp.Store.Record(TempStore.Call(Noon.AddMinutes(-5), cost: 100, session: "someone-else"));

            var status = StatusCalculator.Compute(temp.Store, new StatusRequest { SessionId = "s-boundary", Now = Noon, Zone = TimeZoneInfo.Utc });

            Assert.Equal(expected, status.Level);
            Assert.Equal(sessionCost, status.SessionCostUsd, 12);
            var painted = status.Line(StatusColors.Default);
            var sgr = expected switch { StatusLevel.Green => "32", StatusLevel.Yellow => "33", _ => "31" };
            Assert.Equal("\u001b[" + sgr + "m" + status.Line(null) + "\u001b[0m", painted);
            // The calls began at 11:30, so the block runs 11:00 to 16:00 UTC: 4 h left at noon, at the block's cost.
            Assert.NotNull(status.ActiveBlock);
            Assert.Equal(status + " | Block: " + "$" + (sessionCost + 100).ToString("N2", System.Globalization.CultureInfo.InvariantCulture) + ", 4h 00m left", status.Line(null));
        }

        [Fact]
        public void Thresholds_and_colours_come_from_the_config_and_are_checked()
        {
            var config = new StatusConfig { YellowUsd = 0.5, RedUsd = 2, Colors = new StatusColorConfig { Red = "1;31" } };
            Assert.Equal(StatusLevel.Yellow, config.Thresholds().LevelOf(0.5));
            Assert.Equal(StatusLevel.Red, config.Thresholds().LevelOf(2.01));
            Assert.Equal("\u001b[1;31mx\u001b[0m", config.PaletteOrDefault().Paint("x", StatusLevel.Red));

            var outOfOrder = Assert.Throws<TelemetryValidationException>(() => new StatusConfig { YellowUsd = 3, RedUsd = 2 }.Thresholds());
            Assert.Equal("status.red_usd", outOfOrder.Field);
            var escape = Assert.Throws<TelemetryValidationException>(() => new StatusConfig { Colors = new StatusColorConfig { Green = "32m\u001b]0;pwned\u0007" } }.PaletteOrDefault());
            Assert.Equal("status.colors.green", escape.Field);
            Assert.Throws<TelemetryValidationException>(() => new StatusThresholds { YellowUsd = double.NaN }.Validate());
        }

        [Fact]
        public void The_line_is_the_seeds_format()
        {
            var status = new TelemetryStatus { SessionTokens = 1234, TodayCostUsd = 0.12, SessionCostUsd = 1.45 };
            Assert.Equal("Tokens: 1,234 | Cost: $0.12 | Session: $1.45", status.ToString());
        }

        [Fact]
        public void NO_COLOR_set_to_anything_turns_colours_off()
        {
            Assert.True(StatusColors.Allowed(_ => null));
            Assert.True(StatusColors.Allowed(_ => ""));
            Assert.False(StatusColors.Allowed(name => name == "NO_COLOR" ? "1" : null));
        }

        /// <summary>
        /// The session's and today's totals are what Get-LlmCost and `costs` answer for the same session and day: closed
        /// day from its history rollup, and today from its file.
        /// </summary>
        [Fact]
        public void Status_totals_equal_the_cost_report_for_the_same_session_and_day()
        {
            using var temp = new TempStore(Noon);
            var rng = new Random(16);
            for (int day = 0; day < 9; day++)
                for (int i = 0; i < 40; i++)
                {
                    var at = Noon.Date.AddDays(-day).AddMinutes(rng.Next(0, day == 0 ? 12 * 60 : 24 * 60));
                    var session = i % 3 == 0 ? "s-long" : "s-" + day + "-" + (i % 4);
                    temp.Store.Record(TempStore.Call(new DateTimeOffset(at, TimeSpan.Zero), input: rng.Next(1, 5000), output: rng.Next(1, 900),
                        cost: i % 7 == 0 ? null : rng.NextDouble(), session: session, cacheRead: rng.Next(0, 20000)));
                }
            // Archive everything older than the retention into history, so the week spans both tiers.
            // Archive every closed day into history, so the session's two days span both tiers.
            temp.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 1 });
            Assert.Contains(Noon.Date.AddDays(-1), temp.Store.History.Days());

            var zone = TimeZoneInfo.Utc;
            var status = StatusCalculator.Compute(temp.Store, new StatusRequest { SessionId = "s-long", Now = Noon, Zone = zone });

            var week = CostReporter.Run(temp.Store, new RecordQuery
            {
                Range = DateRange.LastDays(2, zone, Noon),
                Filter = new RecordFilter { Sessions = new[] { "s-long" } },
                Zone = zone,
            }).Total;
            var today = CostReporter.Run(temp.Store, new RecordQuery { Range = DateRange.LastDays(1, zone, Noon), Zone = zone }).Total;
            Assert.True(week.Calls > 20, "the session spans two days");
            Assert.Equal(week.Calls, status.SessionCalls);
            Assert.Equal(week.TotalTokens, status.SessionTokens);
            Assert.Equal(week.CostUsd, status.SessionCostUsd, 9);
            Assert.Equal(today.Calls, status.TodayCalls);
            Assert.Equal(today.TotalTokens, status.TodayTokens);
            Assert.Equal(today.CostUsd, status.TodayCostUsd, 9);
            Assert.Equal(today.UnpricedCalls, status.TodayUnpricedCalls);
            Assert.Equal(Noon.Date, status.Today);
        }

        /// <summary>
        /// A store used around the clock has no five-hour silence to anchor its blocks: the exact active block needs the
        /// whole chain, the status line reads two days and anchors the chain at their first call (documented).
        /// </summary>
        [Fact]
        public void The_status_reads_two_days_back_for_the_active_block_where_blocks_read_the_whole_chain()
        {
            using var temp = new TempStore(Noon);
            var start = new DateTimeOffset(Noon.Date.AddDays(-3), TimeSpan.Zero).AddMinutes(30);
            for (var at = start; at < Noon; at = at.AddHours(1)) temp.Store.Record(TempStore.Call(at, session: "agent-loop"));

            var exact = UsageBlocks.Active(temp.Store, Noon);
            var last = UsageBlocks.Run(temp.Store, new UsageBlockQuery()).Blocks.Last();
            // From 3 days ago 00:00, blocks every 5 hours: 72 h later is today 00:00, so today's run 03:00, 08:00.
            Assert.Equal(new DateTimeOffset(Noon.Date.AddHours(8), TimeSpan.Zero), exact!.Start);
            Assert.Equal(last.Start, exact.Start);

            var status = StatusCalculator.Compute(temp.Store, new StatusRequest { Now = Noon, Zone = TimeZoneInfo.Utc });
            // From yesterday 00:00: 00, 05, 10, 15, 20, then today 01:00, 06:00, 11:00.
            Assert.Equal(new DateTimeOffset(Noon.Date.AddHours(11), TimeSpan.Zero), status.ActiveBlock!.Start);
            Assert.Throws<TelemetryValidationException>(() => new UsageBlockOptions { MaxDaysBack = 0 });
        }

        [Fact]
        public void No_session_leaves_the_session_at_zero_and_still_counts_today()
        {
            using var temp = new TempStore(Noon);
            temp.Store.Record(TempStore.Call(Noon.AddMinutes(-1), cost: 0.25, session: null));
            var status = StatusCalculator.Compute(temp.Store, new StatusRequest { Now = Noon, Zone = TimeZoneInfo.Utc });
            Assert.Null(status.SessionId);
            Assert.Equal(0, status.SessionCalls);
            Assert.Equal(0.25, status.TodayCostUsd, 12);
            Assert.Equal(StatusLevel.Green, status.Level);
        }

        [Fact]
        public void The_session_is_LLM_SESSION_ID_then_the_hooks_then_the_process()
        {
            Assert.Equal("env-s", SessionIdentity.Resolve("hook-s", name => name == SessionIdentity.Variable ? " env-s " : null));
            Assert.Equal("hook-s", SessionIdentity.Resolve("hook-s", _ => null));
            var own = SessionIdentity.Resolve(null, _ => null);
            Assert.StartsWith(SessionIdentity.ProcessPrefix + Environment.ProcessId + "-", own);
            Assert.Equal(own, SessionIdentity.ProcessSession);
            Assert.Null(SessionIdentity.FromEnvironment(null, _ => ""));
        }
    }
}
