using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters.ClickHouse
{
    /// <summary>
    /// The tables `send clickhouse` writes, defined once: the DDL the sink runs, the columns its rows carry and the
    /// statements docs/exporters/clickhouse.md shows (a test keeps the page equal to <see cref="Statements"/>).
    /// Everything is valid on Debian's ClickHouse 18.16 and on current releases: DateTime('UTC') and a milliseconds
    /// column instead of DateTime64, no LowCardinality, and the PARTITION BY / ORDER BY engine form (not the
    /// deprecated MergeTree(date, key, granularity) one).
    /// </summary>
    internal static class ClickHouseSchema
    {
        /// <summary>The token kinds, flattened, in both tables (declared first: the lists below are built from it).</summary>
        public static readonly IReadOnlyList<(string Name, string Type)> TokenColumns = new[]
        {
            ("input_tokens", "Int64"),
            ("output_tokens", "Int64"),
            ("cache_creation_input_tokens", "Int64"),
            ("cache_creation_1h_input_tokens", "Int64"),
            ("cache_read_input_tokens", "Int64"),
            ("reasoning_tokens", "Int64"),
            ("total_tokens", "Int64"),
        };

        /// <summary>
        /// The records table, one row per record version. The columns are the flat record's
        /// (<see cref="FlatRecord.Columns"/>) plus timestamp_ms and version. Text that a record may leave out is ''
        /// rather than Nullable (cheaper to store and to filter on); the nulls that mean something stay null:
        /// duration_ms (no duration measured), cost_usd (not priced, never 0) and error.
        /// </summary>
        public static readonly IReadOnlyList<(string Name, string Type)> RecordColumns = Columns(new[]
        {
            ("id", "String"),
            ("timestamp", "DateTime('UTC')"),
            ("timestamp_ms", "UInt16"),
            ("event_type", "String"),
            ("provider", "String"),
            ("model", "String"),
            ("agent_name", "String"),
            ("operation", "String"),
            ("session_id", "String"),
            ("user_id", "String"),
            ("duration_ms", "Nullable(Int64)"),
        }, TokenColumns, new[]
        {
            ("cost_usd", "Nullable(Float64)"),
            ("success", "UInt8"),
            ("error", "Nullable(String)"),
            ("project", "String"),
            ("git_branch", "String"),
            ("host", "String"),
            ("source", "String"),
            ("prompt_hash", "String"),
            ("response_hash", "String"),
            ("payload", "String"),
            ("version", "UInt64"),
        });

        /// <summary>The fields a history day's cell is grouped by: its sort key, so a re-sent cell replaces the earlier one.</summary>
        public static readonly IReadOnlyList<(string Name, string Type)> RollupKeyColumns = new[]
        {
            ("day", "Date"),
            ("host", "String"),
            ("slot_start", "DateTime('UTC')"),
            ("event_type", "String"),
            ("provider", "String"),
            ("model", "String"),
            ("agent_name", "String"),
            ("operation", "String"),
            ("project", "String"),
            ("session_id", "String"),
            ("user_id", "String"),
            ("failed", "UInt8"),
        };

        /// <summary>A cell's sums (<see cref="Queries.UsageTotals"/>: events counts every event, calls the llm_call ones) and the send's version.</summary>
        public static readonly IReadOnlyList<(string Name, string Type)> RollupValueColumns = Columns(new[]
        {
            ("events", "Int64"),
            ("calls", "Int64"),
            ("failed_calls", "Int64"),
        }, TokenColumns, new[]
        {
            ("cost_usd", "Float64"),
            ("unpriced_calls", "Int64"),
            ("duration_sum_ms", "Int64"),
            ("duration_count", "Int64"),
            ("version", "UInt64"),
        });

        private static (string Name, string Type)[] Columns(params IEnumerable<(string Name, string Type)>[] parts)
            => parts.SelectMany(p => p).ToArray();

        public static readonly IReadOnlyList<(string Name, string Type)> RollupColumns = Columns(RollupKeyColumns, RollupValueColumns);

        public static string CreateDatabase(string database) => $"CREATE DATABASE IF NOT EXISTS {Quote(database)}";

        /// <summary>
        /// ReplacingMergeTree(version) keeps, per sort key, the row with the largest version once parts merge (and at
        /// once under FINAL). The version is total_tokens: the store's own rule is that, for one id, the version with
        /// the larger token total is the true one (a later import corrects a call upwards, DayCorrections). The key is
        /// (toDate(timestamp), id) and not (timestamp, id): a same-day correction keeps its own timestamp, which can
        /// differ from the first version's by the seconds a streamed response took, and a key holding the exact time
        /// would keep both. Both versions are always on one UTC day (a correction across midnight takes the stored
        /// version's time), which is also the store's scope for an id, so the key dedups exactly as the store does.
        /// </summary>
        public static string CreateRecordsTable(string database, string table)
            => CreateTable(database, table, RecordColumns, "toYYYYMM(timestamp)", "toDate(timestamp), id");

        /// <summary>
        /// One row per cell of a history day's rollup, keyed by every grouping field; the version is the send's time
        /// in milliseconds, so sending a day again replaces its cells instead of adding to them.
        /// </summary>
        public static string CreateRollupTable(string database, string table)
            => CreateTable(database, table, RollupColumns, "toYYYYMM(day)", string.Join(", ", RollupKeyColumns.Select(c => c.Name)));

        /// <summary>What <see cref="ClickHouseSink.PrepareAsync"/> runs, in order.</summary>
        public static IReadOnlyList<string> Statements(string database, string table, string rollupTable)
            => new[] { CreateDatabase(database), CreateRecordsTable(database, table), CreateRollupTable(database, rollupTable) };

        /// <summary>
        /// Throws naming <paramref name="parameter"/> unless <paramref name="name"/> is an identifier ClickHouse takes
        /// unquoted ([A-Za-z_][A-Za-z0-9_]*, at most 100 characters): no quoting rules to get wrong, no injection.
        /// </summary>
        public static string ValidateName(string? name, string parameter)
        {
            if (string.IsNullOrEmpty(name))
                throw new TelemetryValidationException(parameter, name, "a ClickHouse name cannot be empty");
            if (name!.Length > 100)
                throw new TelemetryValidationException(parameter, name, "a ClickHouse name here is at most 100 characters");
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
                if (!ok)
                    throw new TelemetryValidationException(parameter, name,
                        $"a ClickHouse name must be letters, digits and '_' and not start with a digit ([A-Za-z_][A-Za-z0-9_]*); character {i + 1} is not");
            }
            return name;
        }

        /// <summary>Backquotes even a validated name: `default` and other keywords are then plain names.</summary>
        public static string Quote(string name) => "`" + name + "`";

        public static string Qualified(string database, string table) => Quote(database) + "." + Quote(table);

        private static string CreateTable(string database, string table, IReadOnlyList<(string Name, string Type)> columns,
            string partition, string order)
        {
            var sb = new StringBuilder();
            sb.Append("CREATE TABLE IF NOT EXISTS ").Append(Qualified(database, table)).Append("\n(\n");
            for (int i = 0; i < columns.Count; i++)
                sb.Append("    ").Append(columns[i].Name).Append(' ').Append(columns[i].Type).Append(i + 1 < columns.Count ? ",\n" : "\n");
            sb.Append(")\nENGINE = ReplacingMergeTree(version)\nPARTITION BY ").Append(partition).Append("\nORDER BY (").Append(order).Append(')');
            return sb.ToString();
        }
    }
}
