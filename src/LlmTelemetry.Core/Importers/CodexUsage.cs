using System;
using System.Globalization;
using System.Linq;

namespace LlmTelemetry.Importers
{
    /// <summary>Codex's token counters, as written: input includes cached input, output includes reasoning.</summary>
    internal struct CodexUsage
    {
        public bool Present;
        public long Input, Cached, Output, Reasoning, Total;

        public bool SameAs(CodexUsage other)
            => Present && other.Present && Input == other.Input && Cached == other.Cached && Output == other.Output
               && Reasoning == other.Reasoning && Total == other.Total;

        public string Serialize()
            => string.Join(",", new[] { Input, Cached, Output, Reasoning, Total }.Select(v => v.ToString(CultureInfo.InvariantCulture)));

        public static CodexUsage Deserialize(string? text)
        {
            var parts = (text ?? "").Split(',');
            if (parts.Length != 5) return default;
            var values = new long[5];
            for (int i = 0; i < 5; i++)
                if (!long.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i])) return default;
            return new CodexUsage { Present = true, Input = values[0], Cached = values[1], Output = values[2], Reasoning = values[3], Total = values[4] };
        }
    }
}
