using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>
    /// The CLI follows the rules the module follows (the core decides them once): an --until alone, as -End alone,
    /// covers everything up to that date; an event type is stored and matched in one spelling (session_start); a
    /// timestamp without an offset is UTC, as a DateTime without a zone is in Write-LlmTelemetry.
    /// </summary>
    public sealed class CliParityTests
    {
        private static readonly DateTime Today = DateTime.UtcNow.Date;

        private static string Date(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Instant(DateTime day) => day.AddHours(10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        [Theory]
        [InlineData("stats")]
        [InlineData("costs")]
        [InlineData("models")]
        [InlineData("agents")]
        [InlineData("performance")]
        [InlineData("patterns")]
        [InlineData("events")]
        [InlineData("export --format jsonl")]
        [InlineData("report --out {root}/r.html")]
        public void An_until_alone_is_accepted_by_every_range_command(string command)
        {
            using var sandbox = new CliSandbox();
            sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "10", "--output-tokens", "1", "--timestamp", Instant(Today.AddDays(-20)), "--dir", sandbox.Store).Ok();
            var args = command.Replace("{root}", sandbox.Root).Split(' ').Concat(new[] { "--until", Date(Today.AddDays(-10)), "--timezone", "UTC", "--dir", sandbox.Store });
            var result = sandbox.Run(args.ToArray());
            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        }

        [Fact]
        public void An_until_alone_covers_everything_from_1970_up_to_that_date()
        {
            using var sandbox = new CliSandbox();
            foreach (int age in new[] { 20, 12, 2 })
                sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "10", "--output-tokens", "1", "--agent", "age-" + age,
                    "--timestamp", Instant(Today.AddDays(-age)), "--dir", sandbox.Store).Ok();
            string until = Date(Today.AddDays(-10));

            var events = sandbox.Run("events", "--until", until, "--timezone", "UTC", "--json", "--dir", sandbox.Store).Ok().Json;
            Assert.Equal(new[] { "age-12", "age-20" }, events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("agent_name").GetString()).ToArray());

            var stats = sandbox.Run("stats", "--until", until, "--timezone", "UTC", "--json", "--dir", sandbox.Store).Ok().Json;
            Assert.Equal("1970-01-01", stats.GetProperty("range").GetProperty("since").GetString());
            Assert.Equal(until, stats.GetProperty("range").GetProperty("until").GetString());
            Assert.Equal(2, stats.GetProperty("calls").GetInt32());
        }

        [Fact]
        public void A_period_word_with_a_date_is_refused_naming_the_date_option()
        {
            using var sandbox = new CliSandbox();
            var result = sandbox.Run("stats", "week", "--since", Date(Today.AddDays(-3)), "--dir", sandbox.Store);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--since", result.Stderr);
            Assert.False(Directory.Exists(sandbox.Store) && Directory.GetDirectories(sandbox.Store).Length > 0, "nothing may be written");
        }

        [Fact]
        public void Record_stores_an_event_type_as_snake_case_and_events_finds_it_by_either_spelling()
        {
            using var sandbox = new CliSandbox();
            var stored = sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "0", "--output-tokens", "0", "--event-type", "SessionStart",
                "--session", "s1", "--json", "--dir", sandbox.Store).Ok().Json;
            Assert.Equal("session_start", stored.GetProperty("event_type").GetString());
            foreach (var spelling in new[] { "session_start", "SessionStart" })
            {
                var events = sandbox.Run("events", "--event-type", spelling, "--json", "--dir", sandbox.Store).Ok().Json.GetProperty("events");
                Assert.Equal(1, events.GetArrayLength());
            }
        }

        [Fact]
        public void A_timestamp_without_an_offset_is_utc_and_one_with_an_offset_is_that_instant()
        {
            using var sandbox = new CliSandbox();
            string Stored(string text) => sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "1", "--output-tokens", "0", "--timestamp", text,
                "--json", "--dir", sandbox.Store).Ok().Json.GetProperty("timestamp").GetString()!;
            Assert.Equal("2026-11-20T23:30:00Z", Stored("2026-11-20T23:30:00"));
            Assert.Equal("2026-11-20T00:00:00Z", Stored("2026-11-20"));
            Assert.Equal("2026-11-20T22:30:00Z", Stored("2026-11-20T23:30:00+01:00"));
        }
    }
}
