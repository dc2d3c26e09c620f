using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmTelemetry.Exporters;
using LlmTelemetry.Exporters.ClickHouse;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Exporters.ClickHouse
{
    /// <summary>The schema, the rows and the options' checks, without a server.</summary>
    public sealed class ClickHouseSchemaTests
    {
        [Fact]
        public void The_doc_shows_the_statements_the_sink_runs()
        {
            string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "exporters", "clickhouse.md")).Replace("\r\n", "\n");
            foreach (var statement in ClickHouseSchema.Statements("default", "llm_telemetry", "llm_telemetry_daily"))
                Assert.True(doc.Contains("```sql\n" + statement + ";\n```"), "docs/exporters/clickhouse.md lacks, in its own sql block:\n" + statement + ";");
        }

        [Fact]
        public void A_record_row_has_exactly_the_records_table_columns_in_order()
        {
            var record = new TelemetryRecordBuilder().Id("x").At(DateTimeOffset.UtcNow).Model("m").Tokens(input: 1).Build();
            Assert.Equal(ClickHouseSchema.RecordColumns.Select(c => c.Name), Keys(w => ClickHouseRows.WriteRecord(w, record)));
        }

        [Fact]
        public void A_rollup_row_has_exactly_the_rollup_table_columns_in_order()
        {
            var cell = new ShipRollupRow { SlotStartUtc = new DateTime(2026, 1, 2, 3, 15, 0, DateTimeKind.Utc), Totals = new UsageTotals() };
            Assert.Equal(ClickHouseSchema.RollupColumns.Select(c => c.Name), Keys(w => ClickHouseRows.WriteRollup(w, cell.SlotStartUtc.Date, cell, 1)));
        }

        [Fact]
        public void The_records_table_has_every_column_of_the_flat_record()
        {
            var names = ClickHouseSchema.RecordColumns.Select(c => c.Name).ToList();
            Assert.Equal(Array.Empty<string>(), FlatRecord.Columns.Except(names));
        }

        [Fact]
        public void A_record_row_carries_times_as_unix_seconds_and_milliseconds_and_the_total_as_version()
        {
            var record = new TelemetryRecordBuilder().Id("x").At(new DateTimeOffset(2026, 11, 22, 10, 30, 45, 123, TimeSpan.Zero)).Model("m").Tokens(input: 7, output: 3).Build();
            using var doc = JsonDocument.Parse(Write(w => ClickHouseRows.WriteRecord(w, record)));
            Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 30, 45, TimeSpan.Zero).ToUnixTimeSeconds(), doc.RootElement.GetProperty("timestamp").GetInt64());
            Assert.Equal(123, doc.RootElement.GetProperty("timestamp_ms").GetInt32());
            Assert.Equal(10UL, doc.RootElement.GetProperty("version").GetUInt64());
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("cost_usd").ValueKind);
        }

        [Theory]
        [InlineData("bad-name", "--database")]
        [InlineData("1abc", "--database")]
        [InlineData("a;DROP TABLE x", "--database")]
        [InlineData("", "--database")]
        [InlineData("x y", "--table")]
        [InlineData("t`x", "--table")]
        public void Names_with_bad_characters_are_refused_naming_the_parameter(string name, string parameter)
        {
            var options = parameter == "--database"
                ? new ClickHouseOptions { Url = new Uri("http://127.0.0.1:8123"), Database = name }
                : new ClickHouseOptions { Url = new Uri("http://127.0.0.1:8123"), Table = name };
            var e = Assert.Throws<TelemetryValidationException>(() => new ClickHouseSink(options));
            Assert.Equal(parameter, e.Field);
            Assert.Contains(parameter, e.Message);
        }

        [Fact]
        public void A_bad_rollup_table_name_is_refused_naming_its_parameter()
        {
            var e = Assert.Throws<TelemetryValidationException>(() => new ClickHouseSink(new ClickHouseOptions { Url = new Uri("http://127.0.0.1:8123"), RollupTable = "da-ily" }));
            Assert.Equal("--rollup-table", e.Field);
        }

        [Theory]
        [InlineData("ftp://127.0.0.1:8123", "http:// or https://")]
        [InlineData("file:///tmp/x", "http:// or https://")]
        [InlineData("http://127.0.0.1:8123/?password=hunter2hunter2", "query")]
        [InlineData("http://sender:hunter2hunter2@127.0.0.1:8123", "LLM_CLICKHOUSE_PASSWORD")]
        public void A_bad_url_is_refused_naming_url_and_never_showing_a_password(string url, string reason)
        {
            var e = Assert.Throws<TelemetryValidationException>(() => new ClickHouseSink(new ClickHouseOptions { Url = new Uri(url) }));
            Assert.Equal("--url", e.Field);
            Assert.Contains(reason, e.Message);
            Assert.DoesNotContain("hunter2", e.Message);
        }

        [Fact]
        public void A_missing_url_or_a_batch_size_under_one_is_refused_naming_the_parameter()
        {
            Assert.Equal("--url", Assert.Throws<TelemetryValidationException>(() => new ClickHouseSink(new ClickHouseOptions())).Field);
            Assert.Equal("--batch-size", Assert.Throws<TelemetryValidationException>(
                () => new ClickHouseSink(new ClickHouseOptions { Url = new Uri("http://127.0.0.1:8123"), BatchSize = 0 })).Field);
        }

        [Fact]
        public void The_target_names_server_database_and_table_without_credentials()
        {
            using var sink = new ClickHouseSink(new ClickHouseOptions { Url = new Uri("https://ch.example:8443/proxy"), Database = "team", Table = "calls", User = "u", Password = "p4ssw0rd-secret" });
            Assert.Equal("https://ch.example:8443/proxy/team.calls", sink.Target);
            Assert.Equal("clickhouse", sink.Name);
        }

        [Fact]
        public void The_options_never_show_the_password()
        {
            var options = new ClickHouseOptions { Url = new Uri("http://127.0.0.1:8123"), Password = "p4ssw0rd-secret" };
            Assert.DoesNotContain("p4ssw0rd", options.ToString());
        }

        private static string Write(Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer)) write(w);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static List<string> Keys(Action<Utf8JsonWriter> write)
        {
            using var doc = JsonDocument.Parse(Write(write));
            return doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        }
    }
}
