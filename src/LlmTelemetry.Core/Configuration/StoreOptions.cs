using System;
using System.Collections.Generic;

namespace LlmTelemetry.Configuration
{
    /// <summary>
    /// Settings passed explicitly by a front end (a cmdlet parameter, a CLI flag, a test). Every property left null
    /// falls back to the environment, then the user's config file, then the default (see <see cref="TelemetrySettings"/>).
    /// </summary>
    public sealed record StoreOptions
    {
        public string? Root { get; init; }
        public bool? StorageEnabled { get; init; }
        public bool? StorePrompts { get; init; }
        public bool? StoreResponses { get; init; }
        public int? RetentionDays { get; init; }
        public int? MaxSizeMB { get; init; }
        public int? HistoryDays { get; init; }
        public int? HistoryMaxSizeMB { get; init; }

        /// <summary>The Pushgateway to push the totals to after each recorded call; "" turns the push off.</summary>
        public string? PushgatewayUrl { get; init; }
        public string? PushgatewayJob { get; init; }
        public int? PushgatewayTimeoutMs { get; init; }

        /// <summary>Days older than this are gzip-compacted by maintenance. Default 7.</summary>
        public int? CompactAfterDays { get; init; }

        /// <summary>How long an append waits for another process's lock before failing. Default 10 s.</summary>
        public TimeSpan? LockTimeout { get; init; }

        /// <summary>Run cheap maintenance at most once a day on append. Off for tests and tools that run it themselves.</summary>
        public bool AutoMaintenance { get; init; } = true;

        /// <summary>The clock; tests move it. Null means the system clock.</summary>
        public Func<DateTimeOffset>? Clock { get; init; }

        /// <summary>Replaces the process environment when resolving settings (tests); null reads the real one.</summary>
        public IReadOnlyDictionary<string, string?>? Environment { get; init; }

        /// <summary>
        /// The folder a relative store directory (".llm-telemetry") is taken against; null means the process's current
        /// folder. PowerShell passes its current location, which is not the process's.
        /// </summary>
        public string? BaseDirectory { get; init; }

        /// <summary>The user config file to read; null means <see cref="ConfigPaths.ConfigFile"/>.</summary>
        public string? ConfigFile { get; init; }
    }
}
