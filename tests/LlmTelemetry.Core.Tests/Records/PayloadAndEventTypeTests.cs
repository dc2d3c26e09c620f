using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using LlmTelemetry.Records;
using Xunit;

namespace LlmTelemetry.Tests.Records
{
    public sealed class PayloadAndEventTypeTests
    {
        [Fact]
        public void A_dictionary_becomes_payload_json_with_typed_values_nested_objects_and_arrays()
        {
            var payload = new OrderedDictionary
            {
                ["tool"] = "grep",
                ["count"] = 3,
                ["ratio"] = 0.5,
                ["ok"] = true,
                ["none"] = null,
                ["at"] = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
                ["args"] = new object[] { "-r", 2 },
                ["inner"] = new Hashtable { ["a"] = "ü" },
            };
            var json = PayloadWriter.FromDictionary(payload);
            Assert.Equal("{\"tool\":\"grep\",\"count\":3,\"ratio\":0.5,\"ok\":true,\"none\":null,\"at\":\"2026-11-22T10:00:00.0000000+00:00\",\"args\":[\"-r\",2],\"inner\":{\"a\":\"ü\"}}", json);
            Assert.Equal(json, JsonPayload.Parse(json).Json);
        }

        [Fact]
        public void Wrapped_values_are_unwrapped_by_the_front_ends_delegate()
        {
            var json = PayloadWriter.FromDictionary(new Dictionary<string, object> { ["v"] = new Box(7) }, o => o is Box b ? b.Value : o);
            Assert.Equal("{\"v\":7}", json);
        }

        [Fact]
        public void A_dictionary_that_contains_itself_is_rejected_not_recursed_forever()
        {
            var self = new Hashtable();
            self["me"] = self;
            Assert.Equal("Payload", Assert.Throws<TelemetryValidationException>(() => PayloadWriter.FromDictionary(self)).Field);
        }

        [Theory]
        [InlineData("SessionStart", "session_start")]
        [InlineData("session_start", "session_start")]
        [InlineData("ToolCall", "tool_call")]
        [InlineData("LLMCall", "llm_call")]
        [InlineData("Error", "error")]
        [InlineData("session*", "session*")]
        [InlineData("My-Event 2", "my_event_2")]
        public void Event_types_typed_in_pascal_case_name_the_snake_case_event(string typed, string stored)
            => Assert.Equal(stored, EventTypes.Normalize(typed));

        private sealed class Box
        {
            public Box(int value) => Value = value;
            public int Value { get; }
        }
    }
}
