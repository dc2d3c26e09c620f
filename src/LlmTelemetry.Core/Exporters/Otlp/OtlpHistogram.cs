using System;

namespace LlmTelemetry.Exporters.Otlp
{
    /// <summary>
    /// One explicit-bucket histogram data point being filled: bucket i counts values in (bounds[i-1], bounds[i]], the
    /// last one the values above every bound, as the OTLP data model defines them.
    /// </summary>
    internal sealed class OtlpHistogram
    {
        public OtlpHistogram(double[] bounds)
        {
            Bounds = bounds;
            Counts = new long[bounds.Length + 1];
        }

        public double[] Bounds { get; }
        public long[] Counts { get; }
        public long Count { get; private set; }
        public double Sum { get; private set; }
        public double Min { get; private set; } = double.PositiveInfinity;
        public double Max { get; private set; } = double.NegativeInfinity;

        public void Add(double value)
        {
            int i = Array.BinarySearch(Bounds, value);
            // An exact hit belongs to that bound's bucket (upper bounds are inclusive); a miss gives the next bound's.
            Counts[i >= 0 ? i : ~i]++;
            Count++;
            Sum += value;
            if (value < Min) Min = value;
            if (value > Max) Max = value;
        }
    }
}
