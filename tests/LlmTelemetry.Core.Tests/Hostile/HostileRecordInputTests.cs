using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// What Write-LlmTelemetry and `llm-telemetry record` are given (through <see cref="CallRecorder"/>): names with control
    /// characters, and timestamps that are not ISO-8601 or not a date a record can have. Each is refused naming the field,
    /// with nothing written; names without control characters are stored exactly as given.
    /// </summary>
    public sealed class HostileRecordInputTests
    {
        private static readonly (string Name, char Char)[] Controls =
        {
            ("ESC", '\u001b'), ("BEL", '\u0007'), ("LF", '\n'), ("CR", '\r'), ("TAB", '\t'), ("DEL", '\u007f'), ("NUL", '\0'),
            ("NEL", '\u0085'), ("CSI", '\u009b'),
        };

        // request field, the record field the error names
        private static readonly (string Request, string Field)[] Names =
        {
            ("Model", "model"), ("Provider", "provider"), ("Agent", "agent_name"), ("Operation", "operation"), ("Session", "session_id"),
            ("Project", "project"), ("User", "user_id"), ("EventType", "event_type"),
        };

        public static IEnumerable<object[]> ControlCharacterNames()
        {
            foreach (var (request, field) in Names)
                foreach (var (name, _) in Controls)
                    yield return new object[] { request, field, name };
        }

        [Theory]
        [MemberData(nameof(ControlCharacterNames))]
        public void A_name_with_a_control_character_is_refused_and_nothing_is_written(string requestField, string field, string control)
        {
            char c = Controls.Single(x => x.Name == control).Char;
            using var t = new TempStore();
            var ex = Assert.Throws<TelemetryValidationException>(() => Recorder(t).Record(With(requestField, "red" + c + "[31m")));
            Assert.Equal(field, ex.Field);
            Assert.Contains("control characters", ex.Message);
            Assert.DoesNotContain(ex.Message, ch => char.IsControl(ch));
            Assert.Empty(t.Store.Days());
        }

        public static IEnumerable<object[]> PrintableNames()
        {
            foreach (var (request, _) in Names)
                foreach (var value in new[] { "agent-\u00FC", "rocket \U0001F680", "a b", "@scope/pkg", "*literal?", "../x", "\u202Ertl" })
                    yield return new object[] { request, value };
        }

        [Theory]
        [MemberData(nameof(PrintableNames))]
        public void A_printable_name_is_stored_exactly(string requestField, string value)
        {
            using var t = new TempStore();
            var stored = Recorder(t).Record(With(requestField, value));
            var read = t.Store.Query().Single();
            // An event type is stored in its one canonical spelling (snake_case, lower case), whoever records it.
            var expected = requestField == "EventType" ? EventTypes.Normalize(value) : value;
            Assert.Equal(expected, Field(read, requestField));
            Assert.Equal(expected, Field(stored, requestField));
        }

        public static IEnumerable<object[]> BadTimestamps() => new[]
        {
            "12/01/2026", "Dec 1", "1 Dec 2026", "2026/12/01", "20261201", "2026-12-01T10", "2026-12-01 10:00:00", "now", "yesterday",
            "1764583200", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z", "2026-12-01T25:00:00Z", "2026-12-01T10:00:00+15:00", "2026-12-01T10:00:00.12345678Z", "", " ",
            "2026-12-01T10:00:00Zjunk", "\u0662\u0660\u0662\u0666-12-01", "1970-01-01T00:00:00+01:00",
        }.Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(BadTimestamps))]
        public void A_timestamp_that_is_not_iso_8601_or_not_a_record_date_is_refused(string text)
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => IsoTimestamp.Parse(text, "timestamp"));
            Assert.Equal("timestamp", ex.Field);
            Assert.Equal(text, ex.Value);
        }

        public static IEnumerable<object[]> GoodTimestamps() => new[]
        {
            new object[] { "2026-11-22T10:30:00Z", "2026-11-22T10:30:00.0000000+00:00" },
            new object[] { "2026-11-22T10:30:00.5Z", "2026-11-22T10:30:00.5000000+00:00" },
            new object[] { "2026-11-22T10:30:00.1234567Z", "2026-11-22T10:30:00.1234567+00:00" },
            new object[] { "2026-11-22T10:30:00+01:00", "2026-11-22T09:30:00.0000000+00:00" },
            new object[] { "2026-11-22T10:30:00-14:00", "2026-11-23T00:30:00.0000000+00:00" },
            new object[] { "2026-11-22T10:30:00", "2026-11-22T10:30:00.0000000+00:00" },
            new object[] { "2026-11-22T10:30Z", "2026-11-22T10:30:00.0000000+00:00" },
            new object[] { "2026-11-22", "2026-11-22T00:00:00.0000000+00:00" },
            new object[] { " 2026-11-22T10:30:00Z ", "2026-11-22T10:30:00.0000000+00:00" },
            new object[] { "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.0000000+00:00" },
            new object[] { "9998-12-31T23:59:59Z", "9998-12-31T23:59:59.0000000+00:00" },
        };

        [Theory]
        [MemberData(nameof(GoodTimestamps))]
        public void An_iso_8601_timestamp_is_read_as_utc(string text, string expected)
            => Assert.Equal(expected, IsoTimestamp.Parse(text, "timestamp").ToString("o", System.Globalization.CultureInfo.InvariantCulture));

        [Theory]
        [InlineData("0001-01-01T00:00:00Z")]
        [InlineData("1969-12-31T23:59:59Z")]
        [InlineData("9999-12-31T00:00:00Z")]
        public void A_timestamp_given_outside_the_record_years_is_refused_not_replaced_by_now(string text)
        {
            // 0001-01-01T00:00:00Z is default(DateTimeOffset): the builder used to take it for "not given" and store now.
            using var t = new TempStore();
            var at = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            var ex = Assert.Throws<TelemetryValidationException>(() => Recorder(t).Record(new RecordRequest { Model = "gpt-4o", InputTokens = 1, OutputTokens = 1, Timestamp = at }));
            Assert.Equal("timestamp", ex.Field);
            Assert.Empty(t.Store.Days());
        }

        private static CallRecorder Recorder(TempStore t) => new CallRecorder(t.Store, null, new CallContext("proj", null, "host"));

        private static RecordRequest With(string field, string value)
        {
            var r = new RecordRequest { Model = "gpt-4o", InputTokens = 10, OutputTokens = 2, Timestamp = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero) };
            return field switch
            {
                "Model" => r with { Model = value },
                "Provider" => r with { Provider = value },
                "Agent" => r with { Agent = value },
                "Operation" => r with { Operation = value },
                "Session" => r with { Session = value },
                "Project" => r with { Project = value },
                "User" => r with { User = value },
                "EventType" => r with { EventType = value },
                _ => throw new ArgumentOutOfRangeException(nameof(field)),
            };
        }

        private static string? Field(TelemetryRecord r, string field) => field switch
        {
            "Model" => r.Model,
            "Provider" => r.Provider,
            "Agent" => r.AgentName,
            "Operation" => r.Operation,
            "Session" => r.SessionId,
            "Project" => r.Metadata.Project,
            "User" => r.UserId,
            "EventType" => r.EventType,
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
    }
}
