using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// Reads history days on another thread, in order and a few ahead, while the caller adds up the ones read: a
    /// yearly report spends about as long decoding 335 rollups as summing their cells, and there are two cores.
    /// A day that fails to read fails the caller when it asks for that day, with the same exception.
    /// </summary>
    internal sealed class HistoryPrefetch : IDisposable
    {
        private const int Ahead = 8;
        private readonly BlockingCollection<(DateTime Day, DayRollup? Rollup, ExceptionDispatchInfo? Error)> _ready =
            new BlockingCollection<(DateTime, DayRollup?, ExceptionDispatchInfo?)>(Ahead);
        private readonly CancellationTokenSource _stop;
        private readonly Task _reader;

        public HistoryPrefetch(HistoryStore history, IReadOnlyList<DateTime> days, CancellationToken cancellation)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var token = _stop.Token;
            _reader = Task.Run(() =>
            {
                try
                {
                    foreach (var day in days)
                    {
                        (DateTime, DayRollup?, ExceptionDispatchInfo?) item;
                        try
                        {
                            item = (day, history.Read(day), null);
                        }
                        catch (Exception ex)
                        {
                            item = (day, null, ExceptionDispatchInfo.Capture(ex));
                        }
                        _ready.Add(item, token);
                        if (item.Item3 is not null) return;
                    }
                }
                catch (OperationCanceledException)
                {
                    // The caller stopped asking (cancelled, or failed on its side): nothing more to read.
                }
                finally
                {
                    _ready.CompleteAdding();
                }
            }, token);
        }

        /// <summary>The rollup of <paramref name="day"/>, the next of the days given, in their order.</summary>
        public DayRollup Next(DateTime day, CancellationToken cancellation)
        {
            var (read, rollup, error) = _ready.Take(cancellation);
            error?.Throw();
            if (read != day) throw new InvalidOperationException($"history read out of order: {read:yyyy-MM-dd} for {day:yyyy-MM-dd}");
            return rollup!;
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _reader.Wait();
            }
            catch (AggregateException ex) when (ex.InnerException is OperationCanceledException)
            {
                // Stopped before it started: expected.
            }
            _stop.Dispose();
            _ready.Dispose();
        }
    }
}
