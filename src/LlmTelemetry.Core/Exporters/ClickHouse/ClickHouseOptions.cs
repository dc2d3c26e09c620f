using System;
using System.Net.Http;
using LlmTelemetry.Providers;

namespace LlmTelemetry.Exporters.ClickHouse
{
    /// <summary>
    /// Where and how `send clickhouse` ships: the server's HTTP interface, the database and the two tables, and the
    /// account. A class rather than a record so that no generated ToString or equality ever shows the password.
    /// </summary>
    public sealed class ClickHouseOptions
    {
        /// <summary>The password's environment variable (the CLI's and the cmdlet's default).</summary>
        public const string PasswordVariable = "LLM_CLICKHOUSE_PASSWORD";

        internal const string DefaultDatabase = "default";
        internal const string DefaultTable = "llm_telemetry";
        internal const string RollupSuffix = "_daily";
        internal const int DefaultBatchSize = 10_000;

        /// <summary>The HTTP interface (http://host:8123); a path is kept (a server behind a proxy), credentials and a query are refused.</summary>
        public Uri? Url { get; init; }

        public string Database { get; init; } = DefaultDatabase;

        /// <summary>The records table.</summary>
        public string Table { get; init; } = DefaultTable;

        /// <summary>How errors name <see cref="Url"/>: "--url" for the CLI, "-ClickHouse" for Send-LlmTelemetry.</summary>
        public string UrlParameter { get; init; } = "--url";

        /// <summary>The history days' rollup table; null means <see cref="Table"/> + "_daily".</summary>
        public string? RollupTable { get; init; }

        /// <summary>Null: ClickHouse's `default` user (with <see cref="Password"/> when one is set).</summary>
        public string? User { get; init; }

        /// <summary>Sent only in the Authorization header; never in a URL, a message or a log.</summary>
        public string? Password { get; init; }

        /// <summary>Records per INSERT.</summary>
        public int BatchSize { get; init; } = DefaultBatchSize;

        public RetryOptions? Retry { get; init; }

        /// <summary>A client to send through (tests, proxies); the sink then does not dispose it.</summary>
        public HttpClient? Http { get; init; }

        /// <summary>The rollup table's name as used.</summary>
        internal string EffectiveRollupTable => RollupTable ?? Table + RollupSuffix;
    }
}
