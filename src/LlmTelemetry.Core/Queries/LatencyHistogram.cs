using System;
using System.Collections.Generic;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Log-spaced latency buckets (5% wide from 1 ms to about 10 hours), small enough to keep per day in a
    /// summary and precise enough for p50/p95/p99 within a few percent. Mergeable across days.
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

        private static double BucketValue(int bucket)
        {
            if (bucket == 0) return 0;
            double low = Math.Pow(Growth, bucket - 1), high = Math.Pow(Growth, bucket);
            return Math.Round(Math.Sqrt(low * high), 1);
        }
    }
}
