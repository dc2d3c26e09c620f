using System;

namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>What every `send` takes, whatever the sink: `[--since DATE] [--from-start] [--anonymize] [--dry-run]`.</summary>
    public sealed record SendOptions
    {
        /// <summary>Nothing older is sent. Days wholly before it are not read (their place in the checkpoint stays);
        /// older records of the day it falls in are skipped and counted in <see cref="SendResult.Skipped"/>.</summary>
        public DateTimeOffset? Since { get; init; }

        /// <summary>Ignore the checkpoint and send everything again (the target's dedup by id absorbs the copies).</summary>
        public bool FromStart { get; init; }

        /// <summary>Hash user ids and hosts with the team salt (<see cref="Salt"/>, else LLM_TEAM_SALT) and leave payloads out.</summary>
        public bool Anonymize { get; init; }

        /// <summary>The team salt; null reads LLM_TEAM_SALT. Never written anywhere.</summary>
        public string? Salt { get; init; }

        /// <summary>Read, batch and count, but send nothing and leave the checkpoint as it is.</summary>
        public bool DryRun { get; init; }
    }
}
