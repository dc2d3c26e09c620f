using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmTelemetry.Records;
using Xunit;

namespace LlmTelemetry.Tests.Records
{
    /// <summary>The hand-written writer must produce exactly what the source-generated contract would, byte for byte.</summary>
    public sealed class RecordWriterTests
    {
        private static string Contract(TelemetryRecord r) => JsonSerializer.Serialize(r, RecordSerializer.Contract.TelemetryRecord);

        public static IEnumerable<object[]> Records()
        {
            var at = new DateTimeOffset(2026, 11, 22, 10, 15, 30, TimeSpan.Zero);
            yield return new object[] { new TelemetryRecordBuilder().At(at).Model("claude-sonnet-4-5").Build() };
            yield return new object[]
            {
                new TelemetryRecordBuilder().At(at.AddTicks(1_234_500)).Model("gpt-4o").Provider("openai").Agent("quote \" \\ é 日本 \u2028 <b>")
                    .Operation("op").Session("s").User("u").Tokens(input: 1, output: 20, cacheCreationInput: 3, cacheCreation1hInput: 1, cacheReadInput: 4, reasoning: 5)
                    .Cost(0.1 + 0.2).Project("p").Host("h").Build()
                // Extreme numbers test the writer's formatting, which does not validate; the store would refuse them.
                with { DurationMs = long.MaxValue, Success = false, PromptHash = "sha256:ab", ResponseHash = "sha256:cd", Payload = JsonPayload.Parse("{\"a\":[1,2.50,{\"b\":null}],\"t\":\"é\"}"),
                       Metadata = new RecordMetadata { Project = "p", GitBranch = "main", Host = "h", Error = "boom\nline", Source = "claude-code" } },
            };
            yield return new object[] { new TelemetryRecordBuilder().At(at.AddTicks(9_999_999)).Model("m").Cost(1e-12).Build() };
            yield return new object[] { new TelemetryRecordBuilder().At(at.AddMilliseconds(100)).Model("m").Build() with { CostUsd = 123456789.125, EventType = "tool_call", Payload = JsonPayload.EmptyObject } };
            var foreign = "{\"v\":1,\"id\":\"x\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"model\":\"m\",\"metadata\":{\"project\":\"p\",\"team\":\"blue\",\"n\":[1,{\"k\":true}]}}";
            Assert.True(RecordSerializer.TryParse(Encoding.UTF8.GetBytes(foreign), out var withExtra, out _));
            yield return new object[] { withExtra! };
        }

        [Theory]
        [MemberData(nameof(Records))]
        public void Writes_the_same_bytes_as_the_source_generated_contract(TelemetryRecord record)
        {
            var line = RecordSerializer.ToLine(record);
            Assert.Equal((byte)'\n', line[^1]);
            Assert.Equal(Contract(record), Encoding.UTF8.GetString(line, 0, line.Length - 1));
            Assert.Equal(Contract(record), RecordSerializer.ToJson(record));
        }

        [Fact]
        public void Random_records_match_the_contract_and_read_back_equal()
        {
            var random = new Random(20261123);
            string? Text() => random.Next(4) switch
            {
                0 => null,
                1 => "",
                2 => new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)random.Next(0x20, 0x7f)).ToArray()),
                _ => new string(Enumerable.Range(0, random.Next(1, 6)).Select(_ => (char)random.Next(0xa0, 0xd7ff)).ToArray()),
            };
            for (int i = 0; i < 2000; i++)
            {
                var ticks = new DateTime(2020, 1, 1).Ticks + (long)(random.NextDouble() * TimeSpan.FromDays(3650).Ticks);
                if (random.Next(3) == 0) ticks -= ticks % TimeSpan.TicksPerSecond;
                var record = new TelemetryRecordBuilder().At(new DateTimeOffset(ticks, TimeSpan.Zero)).Model("m" + Text())
                    .Tokens(input: random.Next(), output: random.Next(1000), cacheReadInput: random.Next(100)).Build()
                    with
                {
                    Provider = Text(), AgentName = Text(), Operation = Text(), SessionId = Text(), UserId = Text(),
                    DurationMs = random.Next(2) == 0 ? null : random.Next(),
                    CostUsd = random.Next(3) == 0 ? null : random.NextDouble() * Math.Pow(10, random.Next(-8, 4)),
                    Success = random.Next(2) == 0,
                    Metadata = new RecordMetadata { Project = Text(), GitBranch = Text(), Host = Text(), Error = Text(), Source = Text() },
                };
                var line = RecordSerializer.ToLine(record);
                Assert.Equal(Contract(record), Encoding.UTF8.GetString(line, 0, line.Length - 1));
                Assert.True(RecordSerializer.TryParse(line.AsSpan(0, line.Length - 1), out var back, out var problem), problem);
                Assert.Equal(record, back);
            }
        }

        [Fact]
        public void Timestamps_format_like_the_round_trip_text_for_every_fraction_length()
        {
            var baseTime = new DateTimeOffset(2026, 11, 22, 23, 59, 59, TimeSpan.Zero);
            Span<byte> buffer = stackalloc byte[UtcTimestampConverter.MaxUtf8Length];
            foreach (long extra in new long[] { 0, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 9_999_999, 1_234_567, 5_000_000, 120 })
            {
                var at = baseTime.AddTicks(extra);
                int n = UtcTimestampConverter.FormatUtf8(at, buffer);
                Assert.Equal(UtcTimestampConverter.ToText(at), Encoding.ASCII.GetString(buffer.Slice(0, n).ToArray()));
            }
            var offset = new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(5));
            int m = UtcTimestampConverter.FormatUtf8(offset, buffer);
            Assert.Equal("2025-12-31T20:00:00Z", Encoding.ASCII.GetString(buffer.Slice(0, m).ToArray()));
        }
    }
}
