namespace LlmTelemetry.Internal
{
    /// <summary>64-bit FNV-1a: a cheap hash of a few kilobytes for "did these bytes change?" (not for security).</summary>
    internal static class Fnv1a
    {
        public const ulong Seed = 14695981039346656037UL;

        public static ulong Hash(byte[] bytes, int count, ulong hash = Seed)
        {
            for (int i = 0; i < count; i++)
            {
                hash ^= bytes[i];
                hash *= 1099511628211UL;
            }
            return hash;
        }

        /// <summary>The hash of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static ulong HashRange(byte[] bytes, int offset, int count)
        {
            ulong hash = Seed;
            for (int i = offset, end = offset + count; i < end; i++)
            {
                hash ^= bytes[i];
                hash *= 1099511628211UL;
            }
            return hash;
        }
    }
}
