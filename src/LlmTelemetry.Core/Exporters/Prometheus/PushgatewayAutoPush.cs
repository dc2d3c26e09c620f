using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Configuration;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Providers;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>
    /// Seed 000's v0.1.0 behaviour: with LLM_PUSHGATEWAY_URL set, the store's totals are pushed after each recorded
    /// call (and once after an import run). The push never holds the call up beyond LLM_PUSHGATEWAY_TIMEOUT_MS
    /// (computing the totals included): past it, or on any error, it gives up with a warning through the store's
    /// <see cref="TelemetryStore.Warning"/> (stderr in the CLI, Write-Warning in PowerShell) naming the URL and the
    /// reason. The record is stored before the push starts, so it is kept either way.
    /// </summary>
    internal sealed class PushgatewayAutoPush
    {
        // One client for every store of the process: a socket pool kept warm across a PowerShell session's calls.
        private static readonly HttpClient SharedHttp = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        private readonly TelemetryStore _store;

        private PushgatewayAutoPush(TelemetryStore store, PushgatewayOptions options, TimeSpan bound)
        {
            _store = store;
            Options = options;
            Bound = bound;
        }

        public PushgatewayOptions Options { get; }

        /// <summary>How long a push may hold up the call that triggered it.</summary>
        public TimeSpan Bound { get; }

        /// <summary>The per-call push the store's settings ask for; null when LLM_PUSHGATEWAY_URL is not set.</summary>
        public static PushgatewayAutoPush? For(TelemetryStore store)
        {
            var settings = store.Settings;
            if (settings.PushgatewayUrl.Value.Length == 0) return null;
            var bound = TimeSpan.FromMilliseconds(settings.PushgatewayTimeoutMs.Value);
            var options = new PushgatewayOptions
            {
                // Checked when the settings were resolved; parsed again here, where it is used.
                Url = new Uri(settings.PushgatewayUrl.Value.Trim()),
                Job = settings.PushgatewayJob.Value,
                Timeout = bound,
                // Within the bound there is no time for a second attempt: the next call's push is the retry.
                Retry = RetryOptions.Default with { MaxAttempts = 1 },
                Http = SharedHttp,
            };
            return new PushgatewayAutoPush(store, options, bound);
        }

        /// <summary>Pushes within <see cref="Bound"/>; true when the gateway took it. Never throws: a failure is a warning.</summary>
        public bool Push()
        {
            var deadline = new CancellationTokenSource(Bound);
            var push = Task.Run(() => PushgatewayExporter.PushAsync(_store, Options, ShipAnonymizer.None, deadline.Token));
            bool finished;
            try
            {
                finished = push.Wait(Bound);
            }
            catch (AggregateException ex)
            {
                deadline.Dispose();
                var reason = ex.GetBaseException();
                Warn(reason is OperationCanceledException ? NoAnswer() : reason.Message);
                return false;
            }
            if (finished)
            {
                deadline.Dispose();
                return true;
            }
            // Given up: the deadline cancels what is still running (a day being read, the request); its outcome is
            // observed so that no unobserved exception surfaces later, and nothing is sent once it has fired.
            deadline.Cancel();
            push.ContinueWith(t => { _ = t.Exception; deadline.Dispose(); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            Warn(NoAnswer());
            return false;
        }

        private string NoAnswer()
            => $"no answer within {Bound.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms ({TelemetrySettings.PushgatewayTimeoutVariable}), so the push was given up";

        private void Warn(string reason)
            => _store.RaiseWarning($"the totals were not pushed to the Pushgateway at {ShipHttp.Shown(Options.Url)} ({TelemetrySettings.PushgatewayUrlVariable}); what was recorded is kept: {reason}");
    }
}
