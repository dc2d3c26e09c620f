using System;
using System.Collections.Generic;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Status
{
    /// <summary>
    /// Computes the live status through the same cost query as <c>costs</c> and Get-LlmCost, so the line and the reports
    /// never disagree. Two totals answer it, the session's over its days and today's: closed days come from their rollups, today from its cached rollup or, when it has grown, its file.
    /// </summary>
    public static class StatusCalculator
    {
        public static TelemetryStatus Compute(TelemetryStore store, StatusRequest? request = null)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            request ??= new StatusRequest();
            if (request.SessionDays < 1)
                throw new TelemetryValidationException("SessionDays", request.SessionDays.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 1");
            var now = request.Now ?? DateTimeOffset.UtcNow;
            var zone = request.Zone ?? TimeZoneInfo.Local;
            var range = DateRange.LastDays(request.SessionDays, zone, now);
            var query = new RecordQuery
            {
                Range = range,
                Zone = zone,
            };
            // Two totals, no groups: grouping the days by day and session made a row for every session of every day
            // (thousands on a busy store), where the line needs one sum each. The session filter is the reports' own
            // (case-insensitive, * and ? as wildcards), so the line says what `costs --session <id>` says; the ids
            // Claude Code, Codex and this module make hold neither character.
            var today = CostReporter.Run(store, query with { Range = DateRange.LastDays(1, zone, now) }).Total;
            var session = request.SessionId;
            var mine = session is null ? null : CostReporter.Run(store, query with { Filter = new RecordFilter { Sessions = new[] { session } } }).Total;
            // The 5-hour block now running, if any: its own walk back stops at the last silence longer than a block.
            var block = UsageBlocks.Active(store, now, request.BlockOptions);
            // Every budget in its current period, as `budget list` shows them; the status is at least yellow from 80% of
            // one and red once one is spent.
            var budgets = new Budgets.BudgetMonitor(store, zone) { Clock = () => now }.Statuses();
            var level = (request.Thresholds ?? StatusThresholds.Default).LevelOf(mine?.CostUsd ?? 0);
            foreach (var budget in budgets)
            {
                var budgetLevel = budget.Percent >= 100 ? StatusLevel.Red : budget.Percent >= 80 ? StatusLevel.Yellow : StatusLevel.Green;
                if (budgetLevel > level) level = budgetLevel;
            }
            return new TelemetryStatus
            {
                ActiveBlock = block,
                Budgets = budgets,
                SessionId = session,
                SessionCalls = mine?.Calls ?? 0,
                SessionTokens = mine?.TotalTokens ?? 0,
                SessionCostUsd = mine?.CostUsd ?? 0,
                Today = range.Until,
                TodayCalls = today.Calls,
                TodayTokens = today.TotalTokens,
                TodayCostUsd = today.CostUsd,
                TodayUnpricedCalls = today.UnpricedCalls,
                Level = level,
                ComputedAt = now,
            };
        }
    }
}
