using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// Timestamps are UTC on disk with a trailing Z and only the fractional digits they need,
    /// so a record read back compares equal to the one written. Offsets in foreign input are converted to UTC.
    /// </summary>
    internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        internal const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException("timestamp must be an ISO-8601 string");
            // The fast path covers what we write ourselves; anything else goes through the tolerant parser.
            if (!reader.HasValueSequence && TryParseUtcFast(reader.ValueSpan, out var fast))
                return fast;
            string? text = reader.GetString();
            if (TryParse(text, out var value)) return value;
            throw new JsonException($"timestamp '{text}' is not an ISO-8601 date and time");
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
            => writer.WriteStringValue(ToText(value));

        internal static string ToText(DateTimeOffset value)
            => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

        /// <summary>"yyyy-MM-ddTHH:mm:ss.fffffffZ" is the longest form <see cref="Format"/> produces.</summary>
        internal const int MaxUtf8Length = 28;

        /// <summary>
        /// <see cref="ToText"/> written straight into UTF-8 bytes (the append path formats one per record and the
        /// culture-aware formatter allocates). Returns the length written; <paramref name="into"/> holds at least
        /// <see cref="MaxUtf8Length"/> bytes.
        /// </summary>
        internal static int FormatUtf8(DateTimeOffset value, Span<byte> into)
        {
            var utc = value.UtcDateTime;
            Digits(into, 0, utc.Year, 4);
            into[4] = (byte)'-';
            Digits(into, 5, utc.Month, 2);
            into[7] = (byte)'-';
            Digits(into, 8, utc.Day, 2);
            into[10] = (byte)'T';
            Digits(into, 11, utc.Hour, 2);
            into[13] = (byte)':';
            Digits(into, 14, utc.Minute, 2);
            into[16] = (byte)':';
            Digits(into, 17, utc.Second, 2);
            int length = 19;
            int fraction = (int)(utc.Ticks % TimeSpan.TicksPerSecond);
            if (fraction != 0)
            {
                // Seven digits with the trailing zeros dropped, as "FFFFFFF" does.
                int digits = 7;
                while (fraction % 10 == 0)
                {
                    fraction /= 10;
                    digits--;
                }
                into[length++] = (byte)'.';
                Digits(into, length, fraction, digits);
                length += digits;
            }
            into[length++] = (byte)'Z';
            return length;
        }

        private static void Digits(Span<byte> into, int at, int value, int count)
        {
            for (int i = at + count - 1; i >= at; i--)
            {
                into[i] = (byte)('0' + value % 10);
                value /= 10;
            }
        }

        /// <summary>Parses exactly "yyyy-MM-ddTHH:mm:ss[.f…]Z", the form we write, without allocating.</summary>
        internal static bool TryParseUtcFast(ReadOnlySpan<byte> s, out DateTimeOffset value)
        {
            value = default;
            if (s.Length < 20 || s[4] != (byte)'-' || s[7] != (byte)'-' || s[10] != (byte)'T' || s[13] != (byte)':' || s[16] != (byte)':' || s[s.Length - 1] != (byte)'Z')
                return false;
            if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
                || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second))
                return false;
            long fractionTicks = 0;
            int end = s.Length - 1;
            if (end > 19)
            {
                if (s[19] != (byte)'.' || end - 20 < 1 || end - 20 > 7 || !Digits(s, 20, end - 20, out int fraction))
                    return false;
                fractionTicks = fraction;
                for (int i = end - 20; i < 7; i++) fractionTicks *= 10;
            }
            if (month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year < 1 ? 1 : year, month) || hour > 23 || minute > 59 || second > 59 || year < 1)
                return false;
            value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fractionTicks), TimeSpan.Zero);
            return true;
        }

        private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
        {
            value = 0;
            for (int i = start; i < start + count; i++)
            {
                int d = s[i] - (byte)'0';
                if ((uint)d > 9) return false;
                value = value * 10 + d;
            }
            return true;
        }

        internal static bool TryParse(string? text, out DateTimeOffset value)
        {
            if (!string.IsNullOrWhiteSpace(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                value = parsed.ToUniversalTime();
                return true;
            }
            value = default;
            return false;
        }
    }
}
