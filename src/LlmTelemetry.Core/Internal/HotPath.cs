using System.Runtime.CompilerServices;

namespace LlmTelemetry.Internal
{
    internal static class HotPath
    {
        /// <summary>
        /// MethodImplOptions.AggressiveOptimization (.NET Core 3.0+), which netstandard2.0 does not name: the parse loops
        /// run once per import, so without it a fresh process spends the whole import in unoptimised tier-0 code.
        /// Older runtimes ignore the flag.
        /// </summary>
        public const MethodImplOptions AggressiveOptimization = (MethodImplOptions)512;
    }
}
