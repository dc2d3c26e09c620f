using System;
using System.Collections.Generic;
using System.Text.Json;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// One call as a coding agent's log tells it: what differs between sources. <see cref="ImportRun.OfferCall"/> adds
    /// what every source sets alike (operation, host, source, the registry's price) and makes it a record.
    /// </summary>
    internal struct LoggedCall
    {
        public string Id;
        public DateTimeOffset Timestamp;
        public string Provider;
        public string Model;
        public string Agent;
        public string? SessionId;
        public TokenUsage Tokens;

        /// <summary>The cost the log states (Claude Code's costUSD); null to price the call with the registry.</summary>
        public double? CostUsd;

        public string? Project;
        public string? GitBranch;
        public Dictionary<string, JsonElement>? Extra;
    }
}
