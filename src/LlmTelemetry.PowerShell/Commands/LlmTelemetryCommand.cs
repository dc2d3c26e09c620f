using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using LlmTelemetry.Configuration;
using LlmTelemetry.Internal;
using LlmTelemetry.Pricing;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// What every cmdlet shares: opening the store, the time zone, error ids and stopping. No behaviour of the
    /// product lives here; that is in the core.
    /// </summary>
    public abstract class LlmTelemetryCommand : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>"GetLlmCost" for GetLlmCostCommand: the prefix of every error id this cmdlet writes.</summary>
        internal string ErrorPrefix
        {
            get
            {
                var name = GetType().Name;
                return name.EndsWith("Command", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Command".Length) : name;
            }
        }

        private RegistryPricing? _pricing;

        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>
        /// The model registry's hooks (price, provider, canonical id) for this run. A broken override file leaves the
        /// built-ins working; its problems are warnings, once per cmdlet run. Call from the pipeline thread only.
        /// </summary>
        internal RegistryPricing Pricing
        {
            get
            {
                if (_pricing is null)
                {
                    _pricing = ModuleRegistry.Current;
                    foreach (var warning in _pricing.Registry.LoadWarnings) WriteWarning(warning);
                }
                return _pricing;
            }
        }

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>The store at <paramref name="path"/> (a PowerShell path), or the configured one.</summary>
        /// <param name="warn">Where the store's warnings go; WriteWarning by default. A cmdlet whose store is written
        /// from another thread (Invoke-LlmChat records off the pipeline thread) passes its bridge, since WriteWarning
        /// from that thread fails.</param>
        internal TelemetryStore OpenStore(string? path, Action<string>? warn = null)
        {
            var options = new StoreOptions { Root = string.IsNullOrEmpty(path) ? null : ResolvePath(path!), BaseDirectory = CurrentFolder };
            var store = Guard(() => new TelemetryStore(options), path);
            store.Warning += warn ?? WriteWarning;
            return store;
        }

        /// <summary>
        /// PowerShell's current file system location: relative settings (a per-project ".llm-telemetry" store) and the
        /// project name are taken from it, not from the process's current folder, which Set-Location does not move.
        /// </summary>
        internal string? CurrentFolder
        {
            get
            {
                try { return SessionState.Path.CurrentFileSystemLocation.ProviderPath; }
                catch (PSInvalidOperationException) { return null; }
            }
        }

        internal StoreOptions SettingsOptions => new StoreOptions { BaseDirectory = CurrentFolder };

        internal TimeZoneInfo ResolveZone(string? timeZone) => Guard(() => TimeZones.Find(timeZone, "TimeZone"), timeZone);

        /// <summary>A file system path for a PowerShell path (relative to the current location, ~ expanded); not required to exist.</summary>
        internal string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        /// <summary>
        /// Runs core code; a core error ends the cmdlet with this cmdlet's error id (bad input, unusable store). Core
        /// code given <see cref="StopToken"/> ends a stopped run with OperationCanceledException: that becomes the
        /// PipelineStoppedException PowerShell expects from a stopped cmdlet.
        /// </summary>
        internal T Guard<T>(Func<T> action, object? target)
        {
            try
            {
                return action();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                ThrowTerminatingError(ErrorRecords.From(ex, ErrorPrefix, target));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        internal void Guard(Action action, object? target) => Guard(() => { action(); return true; }, target);

        /// <summary>
        /// Runs a core call that writes an output file (an export, a page) from the store at <paramref name="storeRoot"/>.
        /// A failure to write that file keeps the id such failures always had ("&lt;Cmdlet&gt;IOFailed", the file as target);
        /// anything else (bad input, an unreadable store) ends the cmdlet as <see cref="Guard{T}"/> does.
        /// </summary>
        internal T WriteOutputFile<T>(Func<T> action, string storeRoot)
        {
            try
            {
                return action();
            }
            catch (TelemetryException ex) when (ex.Code == TelemetryErrorCode.WriteError && ex.Path is not null
                                                && !ex.Path.StartsWith(storeRoot, StringComparison.Ordinal))
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorPrefix + "IOFailed", ErrorCategory.WriteError, ex.Path));
                throw; // not reached
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                ThrowTerminatingError(ErrorRecords.From(ex, ErrorPrefix, storeRoot));
                throw; // not reached
            }
        }

        /// <summary>Reports one failing item and lets the cmdlet go on with the next.</summary>
        internal void Report(Exception ex, object? target) => WriteError(ErrorRecords.From(ex, ErrorPrefix, target));

        internal static bool IsReportable(Exception ex)
            => !(ex is PipelineStoppedException) && !(ex is OperationCanceledException) && !(ex is OutOfMemoryException)
               && !(ex is StackOverflowException) && !(ex is ThreadAbortException);

        /// <summary>True under -WhatIf (or $WhatIfPreference): imports then run as a dry run that reports what they would do.</summary>
        internal bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)) return bound is SwitchParameter s ? s.IsPresent : Equals(bound, true);
            var preference = SessionState.PSVariable.GetValue("WhatIfPreference");
            return preference is SwitchParameter p ? p.IsPresent : Equals(preference, true);
        }

        /// <summary>Stops a long loop promptly once the user pressed Ctrl+C.</summary>
        internal IEnumerable<T> UntilStopped<T>(IEnumerable<T> items)
        {
            foreach (var item in items)
            {
                if (_stopping.IsCancellationRequested) throw new PipelineStoppedException();
                yield return item;
            }
        }

        /// <summary>Releases what a cmdlet holds across pipeline input (an HTTP client); PowerShell calls Dispose after a stop too.</summary>
        protected virtual void DisposeResources()
        {
        }

        public void Dispose()
        {
            DisposeResources();
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
