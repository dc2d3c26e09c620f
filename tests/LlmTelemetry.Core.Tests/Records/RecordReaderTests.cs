using System;
using System.Text;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Records
{
    public sealed class RecordReaderTests
    {
        private static bool Parse(string json, out TelemetryRecord? record, out string? problem)
            => RecordSerializer.TryParse(Encoding.UTF8.GetBytes(json), out record, out problem);

        [Fact]
        public void Unknown_fields_are_skipped_and_foreign_metadata_survives_a_round_trip()
        {
            var json = "{\"v\":1,\"id\":\"a\",\"timestamp\":\"2026-11-22T10:00:00+02:00\",\"model\":\"m\",\"future_field\":{\"x\":[1,2]},"
                     + "\"tokens\":{\"input\":1,\"output\":2,\"total\":3,\"later\":9},\"metadata\":{\"project\":\"p\",\"team\":\"blue\",\"cost_center\":42}}";
            Assert.True(Parse(json, out var r, out var problem), problem);
            Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), r!.Timestamp);
            Assert.Equal("p", r.Metadata.Project);
            Assert.Equal("blue", r.Metadata.Extra!["team"].GetString());
            var again = RecordSerializer.ToJson(r);
            Assert.Contains("\"team\":\"blue\"", again);
            Assert.Contains("\"cost_center\":42", again);
            Assert.True(Parse(again, out var back, out _));
            Assert.Equal(42, back!.Metadata.Extra!["cost_center"].GetInt32());
        }

        [Fact]
        public void Escaped_text_is_decoded_and_repeated_names_are_shared()
        {
            var at = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
            var a = RecordSerializer.ToLine(TempStore.Call(at, agent: "quote \" and \\ and \u00e9"));
            var b = RecordSerializer.ToLine(TempStore.Call(at, agent: "quote \" and \\ and \u00e9"));
            Assert.True(RecordSerializer.TryParse(a, out var ra, out _));
            Assert.True(RecordSerializer.TryParse(b, out var rb, out _));
            Assert.Equal("quote \" and \\ and \u00e9", ra!.AgentName);
            Assert.Same(ra.Model, rb!.Model); // decoded once per reader
        }

        [Theory]
        [InlineData("{\"v\":1,\"id\":\"a\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"model\":\"m\",\"tokens\":{\"input\":\"five\",\"total\":0}}")]
        [InlineData("{\"v\":1,\"id\":\"a\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"model\":\"m\",\"tokens\":{\"input\":1.5,\"total\":1.5}}")]
        [InlineData("{\"v\":1,\"id\":\"a\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"model\":\"m\",\"success\":\"yes\"}")]
        [InlineData("{\"v\":1,\"id\":\"a\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"model\":\"m\",\"cost_usd\":\"cheap\"}")]
        [InlineData("{\"v\":1,\"id\":7,\"timestamp\":\"2026-11-22T10:00:00Z\",\"model\":\"m\"}")]
        [InlineData("{\"v\":1,\"id\":\"a\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"model\":\"m\",\"tokens\":null}")]
        [InlineData("{\"v\":1,\"id\":\"a\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"model\":\"m\",\"metadata\":[1]}")]
        [InlineData("{\"v\":1,\"id\":\"a\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"model\":\"m\"")]
        public void A_field_of_the_wrong_type_makes_the_line_unreadable_with_a_reason(string json)
        {
            Assert.False(Parse(json, out var record, out var problem));
            Assert.Null(record);
            Assert.False(string.IsNullOrEmpty(problem));
        }
    }
}
