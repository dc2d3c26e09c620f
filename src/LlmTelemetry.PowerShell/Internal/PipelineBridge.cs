using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// Runs a cmdlet's asynchronous core call off the pipeline thread and writes what the call reports while it runs.
    /// PowerShell accepts output, warnings, progress and host text only from the pipeline thread, and core code reports
    /// from whichever thread it is on, so reports are queued (from any thread) and written by <see cref="Run{T}"/>, in
    /// the order they came, as they come, and all of them before it returns. The work gets the cmdlet's stop token:
    /// Ctrl+C (StopProcessing) cancels it, and a cancelled run ends as the PipelineStoppedException PowerShell expects.
    /// </summary>
    internal sealed class PipelineBridge
    {
        private readonly Cmdlet _cmdlet;
        private readonly CancellationToken _stop;
        private readonly ConcurrentQueue<Action> _posted = new ConcurrentQueue<Action>();
        // Never disposed: it holds no handle unless AvailableWaitHandle is used, and the work may still post late.
        private readonly SemaphoreSlim _arrived = new SemaphoreSlim(0);
        private Task? _running;

        public PipelineBridge(Cmdlet cmdlet, CancellationToken stop)
        {
            _cmdlet = cmdlet;
            _stop = stop;
        }

        public void WriteObject(object? value) => Post(() => _cmdlet.WriteObject(value));

        public void WriteWarning(string text) => Post(() => _cmdlet.WriteWarning(text));

        public void WriteVerbose(string text) => Post(() => _cmdlet.WriteVerbose(text));

        /// <summary>The record is written as it is when the pipeline thread gets to it: post a new one for each state.</summary>
        public void WriteProgress(ProgressRecord record) => Post(() => _cmdlet.WriteProgress(record));

        public void WriteError(ErrorRecord error) => Post(() => _cmdlet.WriteError(error));

        /// <summary>Anything else that must run on the pipeline thread (writing to the host), in order with the rest.</summary>
        public void Post(Action write)
        {
            _posted.Enqueue(write);
            _arrived.Release();
        }

        /// <summary>
        /// An IProgress whose reports <paramref name="write"/> handles on the pipeline thread. Each report is queued at
        /// once and in order: Progress&lt;T&gt; would post them to the thread pool, out of order.
        /// </summary>
        public IProgress<T> Reporter<T>(Action<T> write) => new Posted<T>(this, write);

        /// <summary>Runs <paramref name="work"/> and writes its reports until it ends; pipeline thread only.</summary>
        public T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            // Off the pipeline thread, so no continuation can wait for a thread that is busy waiting for it.
            var task = Task.Run(() => work(_stop));
            _running = task;
            task.ContinueWith(_ => _arrived.Release(), TaskScheduler.Default);
            while (!task.IsCompleted)
            {
                _arrived.Wait(250);
                Drain();
            }
            Drain();
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>
        /// Waits up to <paramref name="timeout"/> for work a stopped pipeline left running (a cancelled chat call still
        /// records itself), so it is not cut off when the cmdlet's resources are disposed.
        /// </summary>
        public void WaitForRunning(TimeSpan timeout)
        {
            try { _running?.Wait(timeout); }
            catch (AggregateException) { /* its outcome was reported, or the pipeline was stopped */ }
        }

        private void Drain()
        {
            while (_posted.TryDequeue(out var write)) write();
        }

        private sealed class Posted<T> : IProgress<T>
        {
            private readonly PipelineBridge _bridge;
            private readonly Action<T> _write;

            public Posted(PipelineBridge bridge, Action<T> write)
            {
                _bridge = bridge;
                _write = write;
            }

            public void Report(T value) => _bridge.Post(() => _write(value));
        }
    }
}
