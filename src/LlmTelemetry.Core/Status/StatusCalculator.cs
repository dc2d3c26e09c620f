using System;
using System.Collections.Generic;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Status
{
    /// <summary>
    /// Computes the live status through the same cost query as <c>costs</c> and Get-LlmCost, so the line and the reports
    /// never disagree. One query over the session's days, grouped by day and session, answers both the session's totals
    /// and today's: closed days come from their rollups, today from its cached rollup or, when it has grown, its file.
    /// </summary>
    public static class StatusCalculator
    {
        private static readonly IReadOnlyList<GroupKey> DayAndSession = new[] { GroupKey.Day, GroupKey.Session };

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
            var report = CostReporter.Run(store, query, DayAndSession);
            string today = range.UntilText;
            var session = request.SessionId;
            long sessionCalls = 0, sessionTokens = 0, todayCalls = 0, todayTokens = 0, todayUnpriced = 0;
            double sessionCost = 0, todayCost = 0;
            foreach (var row in report.Rows)
            {
                if (session is not null && string.Equals(row.ValueOf(GroupKey.Session), session, StringComparison.Ordinal))
                {
                    sessionCalls = checked(sessionCalls + row.Calls);
                    sessionTokens = checked(sessionTokens + row.TotalTokens);
                    sessionCost += row.CostUsd;
                }
                if (string.Equals(row.ValueOf(GroupKey.Day), today, StringComparison.Ordinal))
                {
                    todayCalls = checked(todayCalls + row.Calls);
                    todayTokens = checked(todayTokens + row.TotalTokens);
                    todayUnpriced = checked(todayUnpriced + row.UnpricedCalls);
                    todayCost += row.CostUsd;
                }
            }
            return new TelemetryStatus
            {
                SessionId = session,
                SessionCalls = sessionCalls,
                SessionTokens = sessionTokens,
                SessionCostUsd = sessionCost,
                Today = range.Until,
                TodayCalls = todayCalls,
                TodayTokens = todayTokens,
                TodayCostUsd = todayCost,
                TodayUnpricedCalls = todayUnpriced,
                Level = (request.Thresholds ?? StatusThresholds.Default).LevelOf(sessionCost),
                ComputedAt = now,
            };
        }
    }
}
