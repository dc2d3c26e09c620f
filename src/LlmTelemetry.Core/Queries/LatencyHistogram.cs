using System;
using System.Collections.Generic;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Log-spaced latency buckets (5% wide from 1 ms to about 10 hours), small enough to keep per rollup cell and
    /// mergeable across cells and days. A percentile picks the same call a nearest-rank percentile over the durations
    /// would, and reads its bucket's geometric middle: at most 2.5% from that call's duration (√1.05 − 1 ≈ 2.47%),
    /// then rounded to 0.1 ms; 0 ms is exact.
    /// </summary>
    internal sealed class LatencyHistogram
    {
        private const double Growth = 1.05;
        private static readonly double LogGrowth = Math.Log(Growth);

        private readonly SortedDictionary<int, long> _counts = new SortedDictionary<int, long>();

        public long Count { get; private set; }

        public IReadOnlyDictionary<int, long> Buckets => _counts;

        public void Add(long durationMs)
        {
            int bucket = BucketOf(durationMs);
            _counts.TryGetValue(bucket, out long c);
            _counts[bucket] = c + 1;
            Count++;
        }

        public void AddBucket(int bucket, long count)
        {
            _counts.TryGetValue(bucket, out long c);
            _counts[bucket] = c + count;
            Count += count;
        }

        public void Merge(LatencyHistogram other)
        {
            foreach (var pair in other._counts) AddBucket(pair.Key, pair.Value);
        }

        /// <summary>The duration at quantile <paramref name="q"/> (0..1): the geometric middle of the bucket it falls in.</summary>
        public double? Percentile(double q)
        {
            if (Count == 0) return null;
            long rank = (long)Math.Ceiling(q * Count);
            if (rank < 1) rank = 1;
            long seen = 0;
            foreach (var pair in _counts)
            {
                seen += pair.Value;
                if (seen >= rank) return BucketValue(pair.Key);
            }
            return null;
        }

        internal static int BucketOf(long durationMs)
        {
            if (durationMs <= 0) return 0;
            return 1 + (int)Math.Floor(Math.Log(durationMs) / LogGrowth);
        }

        /// <summary>What a bucket reads as: the geometric middle of its bounds, so within 2.5% of any duration in it.</summary>
        internal static double BucketValue(int bucket)
        {
            if (bucket == 0) return 0;
            double low = Math.Pow(Growth, bucket - 1), high = Math.Pow(Growth, bucket);
            return Math.Round(Math.Sqrt(low * high), 1);
        }
    }
}
