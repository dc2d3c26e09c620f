using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    /// <summary>
    /// A summary is a cache, so it must never answer for records it does not describe: not when its own totals were
    /// edited (fingerprint kept), and not when the JSONL was edited in place with its size kept and its mtime set back.
    /// Before, both made costs and report answer $1,234.50 where stats and events answered $0.009.
    /// </summary>
    public sealed class SummaryTrustTests
    {
        private static readonly DateTimeOffset PastDay = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

        private static CostReport Costs(TelemetryStore store)
            => CostReporter.Run(store, new RecordQuery { Range = DateRange.LastDays(7, TimeZoneInfo.Utc, new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero)), Zone = TimeZoneInfo.Utc }, new[] { GroupKey.Model });

        private static string DayFile(TempStore t, string name) => Path.Combine(t.StoreRoot, "2026-11-20", name);

        [Fact]
        public void A_summary_whose_totals_were_edited_is_not_believed_and_is_rebuilt()
        {
            using var t = new TempStore();
            t.Store.Append(TempStore.Call(PastDay, cost: 0.009));
            var before = Costs(t.Store);
            Assert.Equal(1, before.DaysFromSummaries);
            Assert.Equal(0.009, before.Total.CostUsd, 12);

            var summary = DayFile(t, DayPartition.RollupFile);
            var original = File.ReadAllBytes(summary);
            // The cell's cost, a double, is the 8 bytes before its latency list; set it to 1234.5 as an editor would.
            var edited = (byte[])original.Clone();
            int at = IndexOf(edited, BitConverter.GetBytes(0.009));
            Assert.True(at > 0, "the cost is in the file");
            BitConverter.GetBytes(1234.5).CopyTo(edited, at);
            File.WriteAllBytes(summary, edited);

            var fresh = t.Reopen();
            var warnings = new List<string>();
            fresh.Warning += warnings.Add;
            var after = Costs(fresh);
            Assert.Equal(1, after.DaysFromSummaries);
            Assert.Equal(0.009, after.Total.CostUsd, 12);
            Assert.Equal(0.009, after.Rows.Single().CostUsd, 12);
            Assert.Contains(warnings, w => w.Contains(summary) && w.Contains("does not match its checksum"));
            // Rebuilt from the records: the next reader believes it without a warning.
            Assert.Equal(original, File.ReadAllBytes(summary));
            var next = t.Reopen();
            next.Warning += w => Assert.Fail("unexpected warning: " + w);
            Assert.Equal(0.009, Costs(next).Total.CostUsd, 12);
        }

        [Fact]
        public void A_root_summary_whose_totals_were_edited_is_not_believed()
        {
            using var t = new TempStore();
            t.Store.Append(TempStore.Call(PastDay, cost: 0.009));
            Assert.Equal(0.009, t.Store.Summaries.GetRoot().AllTime.CostUsd, 12);
            var root = Path.Combine(t.StoreRoot, DayPartition.SummaryFile);
            File.WriteAllText(root, File.ReadAllText(root).Replace("\"cost_usd\":0.009", "\"cost_usd\":1234.5"));
            Assert.Equal(0.009, t.Reopen().Summaries.GetRoot().AllTime.CostUsd, 12);
        }

        [Fact]
        public void A_same_size_edit_of_the_records_with_the_mtime_set_back_is_noticed()
        {
            using var t = new TempStore();
            t.Store.Append(TempStore.Call(PastDay, cost: 0.009));
            Assert.Equal(0.009, Costs(t.Store).Total.CostUsd, 12);

            var data = DayFile(t, DayPartition.DataFile);
            EditKeepingSizeAndMtime(data, "\"cost_usd\":0.009", "\"cost_usd\":1.234");

            var fresh = t.Reopen();
            var costs = Costs(fresh);
            var stats = UsageStatsCalculator.Run(fresh, new RecordQuery { Range = DateRange.LastDays(7, TimeZoneInfo.Utc, t.Now), Zone = TimeZoneInfo.Utc });
            Assert.Equal(1.234, stats.CostUsd, 12);
            Assert.Equal(stats.CostUsd, costs.Total.CostUsd, 12);
            Assert.Equal(1, costs.DaysFromSummaries);
        }

        /// <summary>
        /// An edit far from the end of a large day file: the ctime, which setting the mtime back moves, gives it away
        /// on Linux. (Where there is no ctime, the stamp hashes the last 4 KB instead; see the next test.)
        /// </summary>
        [Fact]
        public void An_edit_at_the_start_of_a_large_day_changes_its_stamp_on_linux()
        {
            Assert.Equal(OperatingSystem.IsLinux(), FileStamp.HasChangeTime);
            if (!OperatingSystem.IsLinux()) return;
            using var t = new TempStore();
            t.Store.AppendBatch(Enumerable.Range(0, 500).Select(i => TempStore.Call(PastDay.AddSeconds(i), cost: 0.009)));
            var data = DayFile(t, DayPartition.DataFile);
            Assert.True(new FileInfo(data).Length > 40 * FileStamp.TailBytes);
            var day = t.Store.Days().Single();
            string stamp = day.Fingerprint();
            Assert.Contains(":c", stamp);

            EditKeepingSizeAndMtime(data, "\"cost_usd\":0.009", "\"cost_usd\":9.999", firstOnly: true);

            Assert.NotEqual(stamp, day.Fingerprint());
            Assert.Equal(500 * 0.009 - 0.009 + 9.999, Costs(t.Reopen()).Total.CostUsd, 9);
        }

        [Fact]
        public void Without_a_ctime_the_stamp_still_notices_a_same_size_edit_of_the_latest_records()
        {
            using var t = new TempStore();
            t.Store.AppendBatch(Enumerable.Range(0, 50).Select(i => TempStore.Call(PastDay.AddSeconds(i), cost: 0.009)));
            var data = DayFile(t, DayPartition.DataFile);
            string before = FileStamp.Of(data, useChangeTime: false)!;
            Assert.Contains(":t", before);
            Assert.Equal(before, FileStamp.Of(data, useChangeTime: false));

            var bytes = File.ReadAllBytes(data);
            int at = Encoding.UTF8.GetString(bytes).LastIndexOf("\"cost_usd\":0.009", StringComparison.Ordinal);
            Assert.True(at > bytes.Length - FileStamp.TailBytes);
            EditKeepingSizeAndMtime(data, "\"cost_usd\":0.009", "\"cost_usd\":1.234", lastOnly: true);

            Assert.NotEqual(before, FileStamp.Of(data, useChangeTime: false));
            Assert.Null(FileStamp.Of(data + ".missing", useChangeTime: false));
            Assert.Null(FileStamp.Of(data + ".missing", useChangeTime: true));
        }

        [Fact]
        public void A_summary_counts_the_lines_it_skipped_as_a_scan_does()
        {
            using var t = new TempStore();
            t.Store.Append(TempStore.Call(PastDay, cost: 0.009));
            File.AppendAllText(DayFile(t, DayPartition.DataFile), "{\"v\":1,\"id\":\"torn\",\"timest\n");
            t.Store.Append(TempStore.Call(PastDay.AddMinutes(1), cost: 0.001));

            var fromSummary = Costs(t.Reopen());
            Assert.Equal(1, fromSummary.DaysFromSummaries);
            var scanned = CostReporter.Run(t.Reopen(), new RecordQuery { Range = DateRange.LastDays(7, TimeZoneInfo.Utc, t.Now), Zone = TimeZoneInfo.Utc, UseSummaries = false });
            Assert.Equal(1, scanned.SkippedLines);
            Assert.Equal(scanned.SkippedLines, fromSummary.SkippedLines);
            Assert.Equal(1, Costs(t.Reopen()).SkippedLines); // and again when read back from summary.json
        }

        /// <summary>Rewrites the file in place (same inode, same size) and sets its mtime back, as an editor plus `touch -r` would.</summary>
        private static void EditKeepingSizeAndMtime(string file, string from, string to, bool firstOnly = false, bool lastOnly = false)
        {
            Assert.Equal(from.Length, to.Length);
            var mtime = File.GetLastWriteTimeUtc(file);
            long size = new FileInfo(file).Length;
            var text = File.ReadAllText(file);
            int at = lastOnly ? text.LastIndexOf(from, StringComparison.Ordinal) : text.IndexOf(from, StringComparison.Ordinal);
            Assert.True(at >= 0);
            string edited = firstOnly || lastOnly ? text.Substring(0, at) + to + text.Substring(at + from.Length) : text.Replace(from, to);
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
            {
                var bytes = Encoding.UTF8.GetBytes(edited);
                stream.Write(bytes, 0, bytes.Length);
            }
            File.SetLastWriteTimeUtc(file, mtime);
            Assert.Equal(size, new FileInfo(file).Length);
            Assert.Equal(mtime, File.GetLastWriteTimeUtc(file));
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }
    }
}
