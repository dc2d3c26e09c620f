using System.Linq;
using LlmTelemetry.Exporters.Prometheus;
using LlmTelemetry.Queries;
using Xunit;

namespace LlmTelemetry.Tests.Exporters.Prometheus
{
    public sealed class DurationBucketsTests
    {
        [Fact]
        public void The_boundaries_are_the_GenAI_ones_and_the_straddled_ranges_are_those_docs_exporters_prometheus_md_states()
        {
            Assert.Equal(new[] { 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92 }, DurationBuckets.BoundsSeconds);
            var leftOut = Enumerable.Range(0, DurationBuckets.BoundsSeconds.Length).Select(i => DurationBuckets.LeftOut(i)).ToArray();
            Assert.All(leftOut.Take(4), Assert.Null);
            Assert.Equal(new (long, long)?[]
            {
                (160, 160), (317, 320), (627, 640), (1241, 1280), (2457, 2560), (5107, 5120), (10111, 10240), (20019, 20480), (39635, 40960), (78475, 81920),
            }, leftOut.Skip(4));
        }

        [Fact]
        public void A_bucket_wholly_under_a_boundary_counts_under_it_and_a_straddling_one_above_it()
        {
            Assert.Equal(0, DurationBuckets.IndexOf(LatencyHistogram.BucketOf(10)));
            Assert.Equal(1, DurationBuckets.IndexOf(LatencyHistogram.BucketOf(11)));
            Assert.Equal(3, DurationBuckets.IndexOf(LatencyHistogram.BucketOf(80)));
            // 160 ms shares its bucket with 161-167 ms: counted above 0.16 s.
            Assert.Equal(5, DurationBuckets.IndexOf(LatencyHistogram.BucketOf(160)));
            Assert.Equal(4, DurationBuckets.IndexOf(LatencyHistogram.BucketOf(159)));
            Assert.Equal(14, DurationBuckets.IndexOf(LatencyHistogram.BucketOf(90_000)));
            Assert.Equal(0, DurationBuckets.IndexOf(LatencyHistogram.BucketOf(0)));
        }
    }
}
