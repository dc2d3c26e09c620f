using System;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>
    /// Maps the rollups' latency buckets (<see cref="LatencyHistogram"/>: 5% wide, over whole milliseconds) onto the
    /// GenAI boundaries of llm_call_duration_seconds (<see cref="GenAiConventions.OperationDurationBounds"/>).
    /// </summary>
    /// <remarks>
    /// Durations are whole milliseconds, so a bucket holds a known set of whole-ms values. A bucket whose values all
    /// lie at or under a boundary L counts under le=L, exactly. Where a bucket straddles L (it holds L and L+1 ms), the
    /// rollup cannot tell its calls apart, and the whole bucket is counted above L: le=L never counts a call slower
    /// than L, and leaves out at most the calls of that one bucket, all within 5% under L. With the GenAI boundaries
    /// the boundaries 10, 20, 40 and 80 ms are exact; 160 ms to 81.92 s straddle (<see cref="Straddles"/>), and
    /// docs/exporters/prometheus.md lists the durations each may leave out (<see cref="LeftOut"/>: 160 ms alone at
    /// 160 ms, 78,475 to 81,920 ms at 81.92 s). _count and _sum are exact (the rollups keep
    /// the count and the sum of the durations).
    /// </remarks>
    internal static class DurationBuckets
    {
        public static readonly double[] BoundsSeconds = GenAiConventions.OperationDurationBounds;

        /// <summary>Per boundary, the last latency bucket counted under it.</summary>
        private static readonly int[] LastUnder = Build(out StraddlingBuckets);

        /// <summary>Per boundary, the latency bucket that straddles it, or -1.</summary>
        private static readonly int[] StraddlingBuckets;

        private static int[] Build(out int[] straddling)
        {
            var last = new int[BoundsSeconds.Length];
            straddling = new int[BoundsSeconds.Length];
            for (int i = 0; i < BoundsSeconds.Length; i++)
            {
                long ms = BoundaryMs(i);
                // The rollups' own bucket function decides, so this mapping cannot drift from how cells were filled.
                int holding = LatencyHistogram.BucketOf(ms);
                bool straddles = LatencyHistogram.BucketOf(ms + 1) == holding;
                last[i] = straddles ? holding - 1 : holding;
                straddling[i] = straddles ? holding : -1;
            }
            return last;
        }

        public static long BoundaryMs(int index) => (long)Math.Round(BoundsSeconds[index] * 1000);

        /// <summary>Does a latency bucket hold durations on both sides of boundary <paramref name="index"/>?</summary>
        public static bool Straddles(int index) => StraddlingBuckets[index] >= 0;

        /// <summary>The whole-ms durations a straddling boundary may leave out of its le count (its bucket's values up to the boundary); null when exact.</summary>
        public static (long FromMs, long ToMs)? LeftOut(int index)
        {
            int bucket = StraddlingBuckets[index];
            if (bucket < 0) return null;
            long low = BoundaryMs(index);
            while (low > 1 && LatencyHistogram.BucketOf(low - 1) == bucket) low--;
            return (low, BoundaryMs(index));
        }

        /// <summary>Buckets of the histogram: one per boundary and one above them all.</summary>
        public static int Count => BoundsSeconds.Length + 1;

        /// <summary>The GenAI bucket a latency bucket's calls are counted in: the first boundary it lies wholly under, else the last bucket.</summary>
        public static int IndexOf(int latencyBucket)
        {
            for (int i = 0; i < LastUnder.Length; i++)
                if (latencyBucket <= LastUnder[i]) return i;
            return LastUnder.Length;
        }
    }
}
