using System;
using System.Globalization;
using LlmTelemetry.Internal;
using LlmTelemetry.Storage;

namespace LlmTelemetry
{
    /// <summary>The daily retention job (Register-/Unregister-LlmTelemetryRetention).</summary>
    public sealed class LlmRetentionTask
    {
        internal LlmRetentionTask(string scheduler, TimeSpan? at, string command, bool registered)
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
