namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>The engines `send` ships to.</summary>
    public enum SendSinkKind
    {
        ClickHouse,
        Pushgateway,
        Otlp,
    }

    /// <summary>
    /// Where `send` ships: the engine, its URL and what each engine takes (ClickHouse: database, table, user and
    /// password; Pushgateway: job). The password is held here only for the call; errors never show it.
    /// </summary>
    public sealed record SendTarget
    {
        public SendSinkKind Sink { get; init; }

        /// <summary>The engine's base URL, such as http://host:8123, http://host:9091 or http://host:4318.</summary>
        public string Url { get; init; } = "";

        /// <summary>The URL as messages show it: any user and password in it taken out.</summary>
        public string ShownUrl => ShipHttp.ShownText(Url ?? "");

        /// <summary>How errors name the URL: "--url" for the CLI, "-ClickHouse" and so on for the cmdlet.</summary>
        public string UrlParameter { get; init; } = "--url";

        /// <summary>ClickHouse: the database (default "default").</summary>
        public string? Database { get; init; }

        /// <summary>ClickHouse: the records table (default "llm_telemetry"; the rollups go to its name + "_daily").</summary>
        public string? Table { get; init; }

        /// <summary>ClickHouse: the user; with a password and no user, "default".</summary>
        public string? User { get; init; }

        /// <summary>ClickHouse: the password; null reads LLM_CLICKHOUSE_PASSWORD.</summary>
        public string? Password { get; init; }

        /// <summary>Pushgateway: the job label (default "llm_telemetry", or LLM_PUSHGATEWAY_JOB).</summary>
        public string? Job { get; init; }
    }
}
