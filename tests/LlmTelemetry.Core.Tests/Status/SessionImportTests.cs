using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Importers;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Status;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Status
{
    /// <summary>The status line's import: one session's transcript and its subagents' logs, from their checkpoints.</summary>
    public sealed class SessionImportTests
    {
        private static readonly DateTimeOffset Noon = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        [Fact]
        public void A_grown_transcript_adds_only_its_new_call_and_the_status_counts_it()
        {
            using var temp = new TempStore(Noon);
            var project = Path.Combine(temp.Root, "claude", "projects", "-home-dev-spacewalker");
            Directory.CreateDirectory(project);
            var transcript = Path.Combine(project, "sess-1.jsonl");
            File.WriteAllText(transcript, ClaudeCodeLines.Assistant("sess-1", Noon.AddMinutes(-20), "msg_1", "req_1", input: 100, output: 200)
                                          + ClaudeCodeLines.Assistant("sess-1", Noon.AddMinutes(-15), "msg_2", "req_2", input: 50, output: 20));
            // A subagent's log in the session's folder: its calls are the session's too.
            var subagents = Path.Combine(project, "sess-1", "subagents");
            Directory.CreateDirectory(subagents);
            File.WriteAllText(Path.Combine(subagents, "agent-a1.jsonl"), ClaudeCodeLines.Assistant("sess-1", Noon.AddMinutes(-14), "msg_3", "req_3", model: "claude-haiku-4-5", input: 7, output: 3));
            // Another session's log beside it is not this run's business.
            var other = Path.Combine(project, "sess-2.jsonl");
            File.WriteAllText(other, ClaudeCodeLines.Assistant("sess-2", Noon.AddMinutes(-10), "msg_9", "req_9"));

            var options = new ImportOptions { Pricer = new TestPricer((model, t, at) => t.Input * 3e-6 + t.Output * 15e-6) };
            var first = TelemetryImporter.ImportSession(temp.Store, transcript, options);
            Assert.Equal(3, first.Added);
            Assert.Equal(2, first.FilesRead);
            Assert.DoesNotContain(temp.Store.Query(), r => r.SessionId == "sess-2");

            File.AppendAllText(transcript, ClaudeCodeLines.Assistant("sess-1", Noon.AddMinutes(-1), "msg_4", "req_4", input: 1, output: 1000));
            var second = TelemetryImporter.ImportSession(temp.Store, transcript, options);
            Assert.Equal(1, second.Added);
            Assert.Equal(1, second.FilesRead);
            Assert.Equal(1, second.FilesSkippedUnchanged);
            Assert.True(second.Bytes < new FileInfo(transcript).Length / 2, "the grown transcript is read from its checkpoint");

            var status = StatusCalculator.Compute(temp.Store, new StatusRequest { SessionId = "sess-1", Now = Noon, Zone = TimeZoneInfo.Utc });
            Assert.Equal(4, status.SessionCalls);
            Assert.Equal(100 + 200 + 50 + 20 + 7 + 3 + 1 + 1000, status.SessionTokens);
            var session = CostReporter.Run(temp.Store, new RecordQuery { Filter = new RecordFilter { Sessions = new[] { "sess-1" } } }).Total;
            Assert.Equal(session.CostUsd, status.SessionCostUsd, 12);
            Assert.True(status.SessionCostUsd > 0);

            // The full import later still knows the session's files: nothing is read twice, the other session is added.
            var all = TelemetryImporter.Import(ImportSource.ClaudeCode, temp.Store, options with { Path = Path.Combine(temp.Root, "claude") });
            Assert.Equal(1, all.Added);
            Assert.Equal(1, all.FilesRead);
        }

        [Fact]
        public void A_transcript_that_does_not_exist_is_an_error_naming_it()
        {
            using var temp = new TempStore(Noon);
            var ex = Assert.Throws<TelemetryValidationException>(() => TelemetryImporter.ImportSession(temp.Store, Path.Combine(temp.Root, "none.jsonl")));
            Assert.Equal("transcript_path", ex.Field);
            Assert.Contains("none.jsonl", ex.Message);
        }
    }
}
