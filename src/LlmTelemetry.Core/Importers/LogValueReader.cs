using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmTelemetry.Internal;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// The values every coding agent's log states alike, read at a Utf8JsonReader's current token: token counts and
    /// timestamps. One reading for all the log parsers, so that a hostile count is refused in the same words whichever
    /// tool wrote it.
    /// </summary>
    internal static class LogValueReader
    {
        /// <summary>
        /// A token count: a whole number within the record rules (<see cref="RecordValidator.MaxTokens"/>), so that one
        /// hostile value (Int64.MaxValue, -1, 1e300) is refused here, costing only the call it belongs to, and can never
        /// overflow a sum. A whole number written as a float (2.0, 1e3) is still a count; null is 0. Anything else
        /// throws FormatException "&lt;prefix&gt;&lt;field&gt; &lt;problem&gt; (got &lt;the number&gt;)", leaving
        /// the reader on the value.
        /// </summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        public static long Count(ref Utf8JsonReader reader, string prefix, string field)
        {
            if (reader.TokenType == JsonTokenType.Null) return 0;
            if (reader.TokenType != JsonTokenType.Number) throw new FormatException($"{prefix}{field} is not a number");
            string? problem;
            if (reader.TryGetInt64(out long value))
            {
                problem = RecordValidator.TokenCountProblem(value);
                if (problem is null) return value;
            }
            else if (!reader.TryGetDouble(out double d) || d > RecordValidator.MaxTokens)
            {
                problem = RecordValidator.TokenCountProblem(long.MaxValue); // beyond any double, or just too many
            }
            else if (d < 0)
            {
                problem = RecordValidator.TokenCountProblem(-1);
            }
            else if (Math.Floor(d) != d)
            {
                problem = "must be a whole number";
            }
            else
            {
                return (long)d;
            }
            throw new FormatException($"{prefix}{field} {problem} (got {NumberText(ref reader)})");
        }

        /// <summary>The number as written, cut short: a hostile line may hold a megabyte of digits.</summary>
        public static string NumberText(ref Utf8JsonReader reader)
        {
            var span = reader.ValueSpan;
            var text = System.Text.Encoding.UTF8.GetString(span.Slice(0, Math.Min(span.Length, 40)).ToArray());
            return span.Length > 40 ? text + "…" : text;
        }

        /// <summary>An ISO-8601 timestamp; one without an offset is UTC. False for anything else.</summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        public static bool TryTimestamp(ref Utf8JsonReader reader, out DateTimeOffset value)
        {
            value = default;
            if (reader.TokenType != JsonTokenType.String) return false;
            if (reader.TryGetDateTimeOffset(out value)) return true;
            return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        }
    }
}
