using LlmTelemetry.Records;
using LlmTelemetry.Status;
using Xunit;

namespace LlmTelemetry.Tests.Status
{
    public sealed class StatusLineInputTests
    {
        /// <summary>The JSON Claude Code sends a statusLine command, written from its documented fields (code.claude.com/docs/en/statusline).</summary>
        private const string HookJson = @"{
  ""hook_event_name"": ""Status"",
  ""session_id"": ""4f1c2a7e-0b7d-4d43-9d7e-0c0ffee00001"",
  ""transcript_path"": ""/home/dev/.claude/projects/-home-dev-spacewalker/4f1c2a7e-0b7d-4d43-9d7e-0c0ffee00001.jsonl"",
  ""cwd"": ""/home/dev/spacewalker/src"",
  ""model"": { ""id"": ""claude-opus-4-6"", ""display_name"": ""Opus"" },
  ""workspace"": { ""current_dir"": ""/home/dev/spacewalker/src"", ""project_dir"": ""/home/dev/spacewalker"" },
  ""version"": ""2.1.233"",
  ""output_style"": { ""name"": ""default"" },
  ""cost"": { ""total_cost_usd"": 0.01234, ""total_duration_ms"": 45000, ""total_api_duration_ms"": 2300, ""total_lines_added"": 156, ""total_lines_removed"": 23 },
  ""context_window"": { ""context_window_size"": 200000, ""current_usage"": { ""input_tokens"": 8500, ""output_tokens"": 1200, ""cache_creation_input_tokens"": 5000, ""cache_read_input_tokens"": 2000 } },
  ""exceeds_200k_tokens"": false
}";

        [Fact]
        public void The_hooks_documented_fields_are_read()
        {
            var input = StatusLineInput.Parse(HookJson);
            Assert.Equal("4f1c2a7e-0b7d-4d43-9d7e-0c0ffee00001", input.SessionId);
            Assert.EndsWith("/4f1c2a7e-0b7d-4d43-9d7e-0c0ffee00001.jsonl", input.TranscriptPath);
            Assert.Equal("/home/dev/spacewalker/src", input.Cwd);
            Assert.Equal("claude-opus-4-6", input.ModelId);
            Assert.Equal("Opus", input.ModelDisplayName);
            Assert.Equal("/home/dev/spacewalker/src", input.CurrentDir);
            Assert.Equal("/home/dev/spacewalker", input.ProjectDir);
            Assert.Equal("2.1.233", input.Version);
            Assert.Equal(0.01234, input.ClaudeCodeCostUsd);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   \n")]
        [InlineData(null)]
        public void No_input_is_an_empty_input(string? json)
        {
            var input = StatusLineInput.Parse(json);
            Assert.Null(input.SessionId);
            Assert.Null(input.TranscriptPath);
        }

        [Fact]
        public void Older_hooks_without_cost_or_workspace_still_parse()
        {
            var input = StatusLineInput.Parse(@"{""session_id"":""s"",""transcript_path"":""/t.jsonl"",""model"":{""id"":""claude-sonnet-4-5""}}");
            Assert.Equal("s", input.SessionId);
            Assert.Null(input.ClaudeCodeCostUsd);
            Assert.Null(input.ProjectDir);
        }

        [Theory]
        [InlineData(@"{""session_id"":42}", "stdin.session_id")]
        [InlineData(@"{""model"":""opus""}", "stdin.model")]
        [InlineData(@"{""model"":{""id"":[1]}}", "stdin.model.id")]
        [InlineData(@"{""cost"":{""total_cost_usd"":""a lot""}}", "stdin.cost.total_cost_usd")]
        [InlineData(@"{""session_id"":", "stdin")]
        [InlineData(@"[1,2]", "stdin")]
        public void A_field_of_the_wrong_type_is_an_error_naming_it(string json, string field)
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => StatusLineInput.Parse(json));
            Assert.Equal(field, ex.Field);
        }
    }
}
