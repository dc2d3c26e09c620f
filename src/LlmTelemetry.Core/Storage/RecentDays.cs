using System;
using System.Collections.Generic;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The last few days' decoded rollups, for the next question in this process; thread-safe. Bounded, oldest in
    /// first out: a yearly report reads each day once, and keeping 365 decoded rollups alive made the collector, not
    /// the reading, most of its time.
    /// </summary>
    internal sealed class RecentDays<T>
    {
        private readonly int _capacity;
        private readonly Dictionary<DateTime, T> _items = new Dictionary<DateTime, T>();
        private readonly Queue<DateTime> _order = new Queue<DateTime>();
        private readonly object _gate = new object();

        public RecentDays(int capacity) => _capacity = capacity;

        public bool TryGet(DateTime day, out T value)
        {
            lock (_gate) return _items.TryGetValue(day, out value!);
        }

        public void Set(DateTime day, T value)
        {
            lock (_gate)
            {
                if (!_items.ContainsKey(day))
                {
                    _order.Enqueue(day);
                    // A day removed and set again sits twice in the queue; dropping its older place early only costs a re-read.
                    while (_order.Count > _capacity) _items.Remove(_order.Dequeue());
                }
                _items[day] = value;
            }
        }

        public void Remove(DateTime day)
        {
            lock (_gate) _items.Remove(day);
        }
    }
}
