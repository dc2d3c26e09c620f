using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>Runs a <see cref="RemovalRequest"/> against the store's maintenance; the one entry point for every front end.</summary>
    public static class StoreRemoval
    {
        public static MaintenanceReport Run(TelemetryStore store, RemovalRequest request)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (request is null) throw new ArgumentNullException(nameof(request));
            int modes = (request.OlderThanDays is null ? 0 : 1) + (request.Before is null ? 0 : 1) + (request.Ids is null ? 0 : 1)
                + (request.All ? 1 : 0) + (request.ApplyRetention ? 1 : 0);
            if (modes != 1)
                throw new TelemetryValidationException("removal", null,
                    "give exactly one of OlderThan, Before, Id, All or ApplyRetention");
            // Checked before any mode runs: ids name records, which a day's history does not keep, and retention has its
            // own history limits (HistoryDays, HistoryMaxSizeMB), so neither can take history along.
            if (request.IncludeHistory && request.OlderThanDays is null && request.Before is null && !request.All)
                throw new TelemetryValidationException("IncludeHistory", null,
                    "goes with OlderThan, Before or All: a day's history holds sums, not records, so no id can be removed from it, and retention deletes history only by its own limits");

            if (request.OlderThanDays is int days)
            {
                if (days < 0) throw new TelemetryValidationException("OlderThan", days.ToString(CultureInfo.InvariantCulture), "must be 0 or more");
                // "Older than N days" keeps today and the N days before it, as retention does.
                var cutoff = days > 36500 ? DateTime.MinValue : store.TodayUtc.AddDays(-days);
                return store.Maintenance.RemoveBefore(cutoff, request.DryRun, request.IncludeHistory);
            }
            if (request.Before is DateTime before) return store.Maintenance.RemoveBefore(before.Date, request.DryRun, request.IncludeHistory);
            if (request.Ids is { } ids)
            {
                var clean = ids.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
                return store.Maintenance.RemoveIds(clean, request.DryRun);
            }
            if (request.All) return store.Maintenance.RemoveAll(request.DryRun, request.IncludeHistory);
            return store.Maintenance.Run(new MaintenanceOptions { DryRun = request.DryRun });
        }

        /// <summary>
        /// One step as a person reads it, saying what happens to the day's raw records and to its rollup:
        /// "2026-08-01: raw records removed (1,204), daily rollup kept in history (older than the 30-day retention)".
        /// </summary>
        public static string Describe(MaintenanceStep step)
        {
            if (step is null) throw new ArgumentNullException(nameof(step));
            string count = step.Records >= 0 ? step.Records.ToString("N0", CultureInfo.InvariantCulture) : "";
            string raw = step.Raw switch
            {
                RawEffect.Removed => "raw records removed" + (count.Length > 0 ? $" ({count})" : ""),
                RawEffect.Compacted => "raw records kept, gzip-compacted",
                RawEffect.RecordsRemoved => $"{count} raw record{(step.Records == 1 ? "" : "s")} removed, the others kept",
                _ => "no raw records left",
            };
            string history = step.History switch
            {
                HistoryEffect.Kept => "daily rollup kept in history",
                HistoryEffect.Deleted => step.Action == MaintenanceAction.DeleteHistory
                    ? "daily rollup deleted from history: the day's costs are gone"
                    : "no rollup kept: the day's costs go with it",
                _ => "the day's totals still come from its raw records",
            };
            return $"{DayPartition.Name(step.Day)}: {raw}, {history} ({step.Reason})";
        }

        /// <summary>One line a person can confirm: "3 day folders (2026-08-01 … 2026-08-03), 1,204 records, 2.1 MB".</summary>
        public static string Describe(MaintenanceReport report)
        {
            if (report is null) throw new ArgumentNullException(nameof(report));
            if (report.Steps.Count == 0) return "nothing";
            var days = report.Steps.Select(s => s.Day).Distinct().OrderBy(d => d).ToList();
            string span = days.Count == 1 ? DayPartition.Name(days[0]) : DayPartition.Name(days[0]) + " … " + DayPartition.Name(days[days.Count - 1]);
            var parts = new List<string>();
            long deleted = report.Steps.Count(s => s.Action == MaintenanceAction.Delete);
            long compacted = report.DaysCompacted;
            long rewritten = report.Steps.Count(s => s.Action == MaintenanceAction.RemoveRecords);
            long archived = report.DaysArchived;
            long history = report.HistoryDaysDeleted;
            if (archived > 0) parts.Add($"remove the raw records of {archived} day{(archived == 1 ? "" : "s")} (their totals stay in history)");
            if (deleted > 0) parts.Add($"delete {deleted} day folder{(deleted == 1 ? "" : "s")}");
            if (history > 0) parts.Add($"delete the history of {history} day{(history == 1 ? "" : "s")}");
            if (rewritten > 0) parts.Add($"remove records from {rewritten} day{(rewritten == 1 ? "" : "s")}");
            if (compacted > 0) parts.Add($"compact {compacted} day{(compacted == 1 ? "" : "s")}");
            long records = report.Steps.Where(s => s.Records > 0).Sum(s => s.Records);
            string count = records > 0 ? $", {records.ToString("N0", CultureInfo.InvariantCulture)} records" : "";
            return string.Join(", ", parts) + $" ({span}){count}";
        }
    }
}
