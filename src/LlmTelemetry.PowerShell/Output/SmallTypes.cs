using System;
using System.Globalization;
using LlmTelemetry.Configuration;
using LlmTelemetry.Storage;

namespace LlmTelemetry
{
    /// <summary>One effective setting and where it came from (Get-LlmTelemetryConfig).</summary>
    public sealed class ConfigSetting
    {
        internal ConfigSetting(EffectiveSetting s)
        {
            Name = s.Name;
            Value = s.Value;
            Source = s.Source.ToString();
            Origin = s.Origin;
            Variable = s.Variable;
        }

        public string Name { get; }
        public object Value { get; }

        /// <summary>Default, ConfigFile, Environment or Parameter.</summary>
        public string Source { get; }

        /// <summary>The environment variable or config file the value came from; empty for defaults.</summary>
        public string? Origin { get; }

        /// <summary>The environment variable that overrides the config file for this setting.</summary>
        public string Variable { get; }

        public override string ToString() => Name + "=" + Value;
    }

    /// <summary>One day folder removed, rewritten or compacted (Remove-LlmTelemetry -PassThru).</summary>
    public sealed class RemovalResult
    {
        internal RemovalResult(MaintenanceStep step, bool whatIf)
        {
            Day = DayPartition.Name(step.Day);
            Action = step.Action.ToString();
            Reason = step.Reason;
            Records = step.Records < 0 ? (long?)null : step.Records;
            Bytes = step.Bytes;
            WhatIf = whatIf;
        }

        /// <summary>The UTC day folder (yyyy-MM-dd).</summary>
        public string Day { get; }

        /// <summary>Delete, RemoveRecords or Compact.</summary>
        public string Action { get; }

        public string Reason { get; }

        /// <summary>Records removed; null when a whole folder went by retention without being counted.</summary>
        public long? Records { get; }

        /// <summary>Bytes freed.</summary>
        public long Bytes { get; }

        /// <summary>True when nothing was changed (the user declined, or -WhatIf).</summary>
        public bool WhatIf { get; }
    }

    /// <summary>What Export-LlmTelemetry wrote (-PassThru).</summary>
    public sealed class ExportResult
    {
        internal ExportResult(string path, string format, long records, long bytes)
        {
            Path = path;
            Format = format;
            Records = records;
            Bytes = bytes;
        }

        public string Path { get; }
        public string Format { get; }
        public long Records { get; }
        public long Bytes { get; }
    }

    /// <summary>The daily retention job (Register-/Unregister-LlmTelemetryRetention).</summary>
    public sealed class RetentionTask
    {
        internal RetentionTask(string scheduler, TimeSpan? at, string command, bool registered)
        {
            Name = RetentionSchedule.TaskName;
            Scheduler = scheduler;
            Schedule = at is TimeSpan t ? "Daily " + t.ToString("hh\\:mm", CultureInfo.InvariantCulture) : null;
            Command = command;
            Registered = registered;
        }

        public string Name { get; }

        /// <summary>TaskScheduler on Windows, cron elsewhere.</summary>
        public string Scheduler { get; }

        /// <summary>"Daily 03:17"; null when the job was removed.</summary>
        public string? Schedule { get; }

        public string Command { get; }
        public bool Registered { get; }
    }
}
