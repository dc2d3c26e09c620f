using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    public sealed class ValidationTests
    {
        public static TheoryData<string, Func<TelemetryRecord, TelemetryRecord>> BadRecords => new()
        {
            { "id", r => r with { Id = "" } },
            { "timestamp", r => r with { Timestamp = default } },
            { "event_type", r => r with { EventType = " " } },
            { "model", r => r with { Model = null } },
            { "tokens.input", r => r with { Tokens = r.Tokens with { Input = -1 } } },
            { "tokens.output", r => r with { Tokens = r.Tokens with { Output = -3 } } },
            { "tokens.cache_read_input", r => r with { Tokens = r.Tokens with { CacheReadInput = -1 } } },
            { "tokens.total", r => r with { Tokens = r.Tokens with { Total = 7 } } },
            { "tokens.reasoning", r => r with { Tokens = r.Tokens with { Reasoning = 10_000 } } },
            { "tokens.cache_creation_1h_input", r => r with { Tokens = r.Tokens with { CacheCreation1hInput = 5 } } },
            { "cost_usd", r => r with { CostUsd = -0.5 } },
            { "cost_usd", r => r with { CostUsd = double.NaN } },
            { "duration_ms", r => r with { DurationMs = -1 } },
            { "v", r => r with { SchemaVersion = 2 } },
        };

        [Theory]
        [MemberData(nameof(BadRecords))]
        public void A_bad_record_is_refused_naming_the_field_and_nothing_is_written(string field, Func<TelemetryRecord, TelemetryRecord> spoil)
        {
            using var t = new TempStore();
            var good = t.Store.Append(TempStore.Call(t.Now.AddMinutes(-1)));
            var before = File.ReadAllBytes(Path.Combine(t.StoreRoot, "2026-11-22", "telemetry.jsonl"));
            var bad = spoil(TempStore.Call(t.Now));

            var ex = Assert.Throws<TelemetryValidationException>(() => t.Store.Append(bad));
            Assert.Equal(field, ex.Field);
            Assert.Equal(TelemetryErrorCode.ValidationError, ex.Code);
            Assert.Contains(field, ex.Message);
            Assert.Equal(before, File.ReadAllBytes(Path.Combine(t.StoreRoot, "2026-11-22", "telemetry.jsonl")));
            Assert.Throws<TelemetryValidationException>(() => t.Store.AppendBatch(new[] { TempStore.Call(t.Now), bad }));
            Assert.Equal(new[] { good }, t.Store.Query().ToArray());
        }

        [Fact]
        public void The_builder_names_the_bad_value()
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => new TelemetryRecordBuilder().Model("m").Tokens(input: -5).Build());
            Assert.Equal("tokens.input", ex.Field);
            Assert.Contains("-5", ex.Message);
        }

        [Fact]
        public void A_payload_that_is_not_json_is_refused()
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => JsonPayload.Parse("{oops"));
            Assert.Equal("payload", ex.Field);
        }

        [Fact]
        public void Ulids_are_26_crockford_characters_and_sort_by_time()
        {
            var a = RecordIds.NewUlid(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var b = RecordIds.NewUlid(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero));
            Assert.Equal(26, a.Length);
            Assert.True(string.CompareOrdinal(a, b) < 0);
            Assert.All(a, ch => Assert.Contains(ch, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"));
            Assert.Equal(RecordIds.Derived("x", "1", "2"), RecordIds.Derived("x", "1", "2"));
            Assert.NotEqual(RecordIds.Derived("x", "1", "2"), RecordIds.Derived("x", "12", ""));
        }
    }
}
