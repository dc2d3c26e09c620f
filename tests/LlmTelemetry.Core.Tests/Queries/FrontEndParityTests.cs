using System;
using System.Linq;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Queries
{
    /// <summary>
    /// The rules both front ends share, asked the way each one binds them (the CLI's --since/--until names and the
    /// module's -Start/-End; the text and the values each passes to the record builder): the CLI once refused an
    /// --until alone that Get-LlmTelemetry -End accepted, stored `record --event-type SessionStart` as typed while the
    /// cmdlets stored session_start, and read a timestamp without an offset as UTC where Write-LlmTelemetry read it as
    /// local time. Each rule is decided in the core, so either front end gets the same answer.
    /// </summary>
    public sealed class FrontEndParityTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        /// <summary>The CLI's parameter names; the module's are <see cref="RangeParameters.PowerShell"/>.</summary>
        private static readonly RangeParameters Cli = new RangeParameters("days", "since", "until", "the --until date", "period");

        private static readonly RangeParameters[] FrontEnds = { Cli, RangeParameters.PowerShell };

        [Theory]
        [InlineData(RangeDefault.AllTime)]
        [InlineData(RangeDefault.Last7Days)]
        [InlineData(RangeDefault.Last30Days)]
        public void An_end_alone_covers_everything_from_1970_to_that_date_in_both_front_ends_whatever_the_report_default(RangeDefault fallback)
        {
            foreach (var names in FrontEnds)
            {
                var query = RecordQuery.Create(new RangeInput { End = new DateTime(2026, 1, 5) }, fallback, RecordFilter.All, TimeZoneInfo.Utc, names, Now);
                Assert.Equal(QueryRange.Epoch, query.Range!.Since);
                Assert.Equal(new DateTime(2026, 1, 5), query.Range.Until);
            }
        }

        [Fact]
        public void Without_a_range_each_report_covers_its_default_in_both_front_ends()
        {
            foreach (var names in FrontEnds)
            {
                Assert.Null(RecordQuery.Create(RangeInput.None, RangeDefault.AllTime, RecordFilter.All, TimeZoneInfo.Utc, names, Now).Range);
                Assert.Equal(7, RecordQuery.Create(RangeInput.None, RangeDefault.Last7Days, RecordFilter.All, TimeZoneInfo.Utc, names, Now).Range!.DayCount);
                var month = RecordQuery.Create(RangeInput.None, RangeDefault.Last30Days, RecordFilter.All, TimeZoneInfo.Utc, names, Now).Range!;
                Assert.Equal(30, month.DayCount);
                Assert.Equal(new DateTime(2026, 11, 22), month.Until);
            }
        }

        [Theory]
        [InlineData("today", 1)]
        [InlineData("week", 7)]
        [InlineData("MONTH", 30)]
        public void A_period_word_is_that_many_days_ending_today(string period, int days)
        {
            var range = QueryRange.Resolve(new RangeInput { Period = period }, RangeDefault.AllTime, TimeZoneInfo.Utc, Now, Cli)!;
            Assert.Equal(days, range.DayCount);
            Assert.Equal(new DateTime(2026, 11, 22), range.Until);
        }

        [Fact]
        public void A_period_with_days_or_dates_and_an_unknown_period_are_refused_naming_the_parameter()
        {
            string Field(RangeInput input) => Assert.Throws<TelemetryValidationException>(() => QueryRange.Resolve(input, RangeDefault.Last7Days, TimeZoneInfo.Utc, Now, Cli)).Field;
            Assert.Equal("days", Field(new RangeInput { Period = "week", Days = 3 }));
            Assert.Equal("since", Field(new RangeInput { Period = "week", Start = new DateTime(2026, 11, 1) }));
            Assert.Equal("until", Field(new RangeInput { Period = "today", End = new DateTime(2026, 11, 1) }));
            Assert.Equal("period", Field(new RangeInput { Period = "fortnight" }));
        }

        [Fact]
        public void An_error_names_the_parameter_as_each_front_end_spells_it()
        {
            var inverted = new RangeInput { Start = new DateTime(2026, 2, 1), End = new DateTime(2026, 1, 1) };
            var cli = Assert.Throws<TelemetryValidationException>(() => QueryRange.Resolve(inverted, RangeDefault.AllTime, TimeZoneInfo.Utc, Now, Cli));
            var module = Assert.Throws<TelemetryValidationException>(() => QueryRange.Resolve(inverted, RangeDefault.AllTime, TimeZoneInfo.Utc, Now));
            Assert.Equal(("since", "Start"), (cli.Field, module.Field));
            Assert.Contains("the --until date", cli.Message);
            Assert.Contains("the end date", module.Message);
        }

        [Theory]
        [InlineData("SessionStart")]
        [InlineData("session_start")]
        [InlineData("Session-Start")]
        [InlineData(" SESSION_START ")]
        public void Every_spelling_of_an_event_type_is_stored_as_snake_case(string spelling)
        {
            using var t = new TempStore();
            var stored = new CallRecorder(t.Store, null).Record(new RecordRequest { EventType = spelling, Session = "s1", Timestamp = t.Now });
            Assert.Equal(EventTypes.SessionStart, stored.EventType);
            Assert.Equal(EventTypes.SessionStart, t.Store.Query().Single().EventType);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void No_event_type_is_an_llm_call(string? eventType)
        {
            using var t = new TempStore();
            var stored = new CallRecorder(t.Store, null).Record(new RecordRequest { Model = "m", EventType = eventType, Timestamp = t.Now });
            Assert.Equal(EventTypes.LlmCall, stored.EventType);
        }

        [Fact]
        public void A_filter_in_any_spelling_finds_the_event_and_one_stored_as_typed_before_the_rule()
        {
            using var t = new TempStore();
            new CallRecorder(t.Store, null).Record(new RecordRequest { EventType = "SessionStart", Timestamp = t.Now });
            // What an older `record --event-type SessionStart` wrote.
            t.Store.Append(new TelemetryRecordBuilder().At(t.Now).EventType("tool_call").Build() with { EventType = "SessionStart" });
            t.Store.Append(TempStore.Call(t.Now));

            foreach (var spelling in new[] { "session_start", "SessionStart", "Session*", "*_START", "session-start" })
            {
                var query = new RecordQuery { Filter = new RecordFilter { EventTypes = new[] { spelling } } };
                Assert.Equal(2, t.Store.Query(query).Count());
            }
            var calls = new RecordQuery { Filter = new RecordFilter { EventTypes = new[] { "LlmCall" } } };
            Assert.Single(t.Store.Query(calls));
            Assert.Equal(1, CostReporter.Run(t.Store, calls).Total.Calls);
        }

        [Theory]
        [InlineData("2026-11-22T10:30:00", 2026, 11, 22, 10, 30)]
        [InlineData("2026-11-22T10:30", 2026, 11, 22, 10, 30)]
        [InlineData("2026-11-22", 2026, 11, 22, 0, 0)]
        public void Text_without_an_offset_and_a_DateTime_without_a_zone_are_the_same_UTC_instant(string text, int y, int mo, int d, int h, int mi)
        {
            var utc = new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero);
            Assert.Equal(utc, IsoTimestamp.Parse(text, "timestamp"));
            Assert.Equal(utc, IsoTimestamp.FromDateTime(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Unspecified), "Timestamp"));
            Assert.Equal(TimeSpan.Zero, IsoTimestamp.FromDateTime(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Unspecified), "Timestamp").Offset);
        }

        [Fact]
        public void A_local_or_utc_DateTime_keeps_the_instant_it_names()
        {
            var local = new DateTime(2026, 7, 1, 9, 15, 0, DateTimeKind.Local);
            Assert.Equal(new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero), IsoTimestamp.FromDateTime(local, "Timestamp"));
            var utc = new DateTime(2026, 7, 1, 9, 15, 0, DateTimeKind.Utc);
            Assert.Equal(new DateTimeOffset(utc), IsoTimestamp.FromDateTime(utc, "Timestamp"));
            // Text with an offset is the same instant as the DateTime PowerShell makes of it (Kind Local).
            Assert.Equal(IsoTimestamp.Parse("2026-07-01T09:15:00+02:00", "timestamp"),
                IsoTimestamp.FromDateTime(DateTimeOffset.Parse("2026-07-01T09:15:00+02:00", System.Globalization.CultureInfo.InvariantCulture).LocalDateTime, "Timestamp"));
        }

        [Theory]
        [InlineData(1, DateTimeKind.Unspecified)]
        [InlineData(1, DateTimeKind.Local)]
        [InlineData(1969, DateTimeKind.Utc)]
        [InlineData(9999, DateTimeKind.Local)]
        public void A_DateTime_outside_the_record_years_is_refused_naming_the_parameter(int year, DateTimeKind kind)
        {
            var value = DateTime.SpecifyKind(year == 9999 ? DateTime.MaxValue : new DateTime(year, 12, 31, 12, 0, 0), kind);
            var ex = Assert.Throws<TelemetryValidationException>(() => IsoTimestamp.FromDateTime(value, "Timestamp"));
            Assert.Equal("Timestamp", ex.Field);
        }

        [Fact]
        public void The_record_builder_stores_what_either_front_end_passes_for_the_same_text()
        {
            using var t = new TempStore();
            var recorder = new CallRecorder(t.Store, null);
            var fromText = recorder.Record(new RecordRequest { Model = "m", Timestamp = IsoTimestamp.Parse("2026-11-20T23:30:00", "timestamp") });
            var fromDateTime = recorder.Record(new RecordRequest { Model = "m", Timestamp = IsoTimestamp.FromDateTime(new DateTime(2026, 11, 20, 23, 30, 0), "Timestamp") });
            Assert.Equal(fromText.Timestamp, fromDateTime.Timestamp);
            Assert.Equal(new DateTimeOffset(2026, 11, 20, 23, 30, 0, TimeSpan.Zero), fromText.Timestamp);
        }
    }
}
