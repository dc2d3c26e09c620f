using System;
using System.Collections.Generic;
using System.Threading;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The sums of one day's records that share every field a report groups or filters by: the 15-minute UTC slot, the
    /// event type, model, provider, agent, operation, project, session, user, host and success. Any grouping, any
    /// combination of groupings and any filter on those fields is a sum of whole cells, so a rollup answers them
    /// exactly; 15 minutes is the finest offset of any time zone, so local days, weeks and hours are exact too.
    /// The sums are a <see cref="UsageTotals"/> built by its own Add, so a cell counts exactly as a scan does.
    /// </summary>
    internal sealed class RollupCell
    {
        /// <summary>Minutes per slot: every time zone's offset is a multiple of it.</summary>
        public const int SlotMinutes = 15;

        private TelemetryRecord? _prototype;

        public RollupCell()
        {
        }

        private RollupCell(int slot, TelemetryRecord r)
        {
            _day = r.UtcDay;
            Slot = slot;
            EventType = r.EventType;
            Model = r.Model;
            Provider = r.Provider;
            Agent = r.AgentName;
            Operation = r.Operation;
            Project = r.Metadata.Project;
            Session = r.SessionId;
            User = r.UserId;
            Host = r.Metadata.Host;
            Failed = !r.Success;
        }

        /// <summary>Minutes after UTC midnight at which the slot starts (0, 15, …, 1425).</summary>
        public int Slot { get; set; }
        public string EventType { get; set; } = TelemetryRecord.LlmCallEvent;
        public string? Model { get; set; }
        public string? Provider { get; set; }
        public string? Agent { get; set; }
        public string? Operation { get; set; }
        public string? Project { get; set; }
        public string? Session { get; set; }
        public string? User { get; set; }
        public string? Host { get; set; }
        public bool Failed { get; set; }

        public long Events { get => Totals.Events; set => Totals.Events = value; }
        public long Input { get => Totals.InputTokens; set => Totals.InputTokens = value; }
        public long Output { get => Totals.OutputTokens; set => Totals.OutputTokens = value; }
        public long CacheWrite { get => Totals.CacheCreationInputTokens; set => Totals.CacheCreationInputTokens = value; }
        public long CacheWrite1h { get => Totals.CacheCreation1hInputTokens; set => Totals.CacheCreation1hInputTokens = value; }
        public long CacheRead { get => Totals.CacheReadInputTokens; set => Totals.CacheReadInputTokens = value; }
        public long Reasoning { get => Totals.ReasoningTokens; set => Totals.ReasoningTokens = value; }
        public long Total { get => Totals.TotalTokens; set => Totals.TotalTokens = value; }
        public double CostUsd { get => Totals.CostUsd; set => Totals.CostUsd = value; }
        public long Unpriced { get => Totals.UnpricedCalls; set => Totals.UnpricedCalls = value; }
        public long DurationSumMs { get => Totals.DurationSumMs; set => Totals.DurationSumMs = value; }
        public long DurationCount { get => Totals.DurationCount; set => Totals.DurationCount = value; }

        /// <summary>
        /// First and last timestamp as ticks after the slot's start: exact, and ten digits instead of eighteen (a
        /// fifth of a year's history is these two numbers when they are written whole).
        /// </summary>
        public long FirstOffset { get => Offset(Totals.First); set => _firstOffset = value; }
        public long LastOffset { get => Offset(Totals.Last); set => _lastOffset = value; }

        private long _firstOffset, _lastOffset;
        private DateTime _day;

        /// <summary>Latency histogram bucket (<see cref="LatencyHistogram"/>) → calls; absent when no call had a duration.</summary>
        public Dictionary<int, long>? Latency
        {
            get
            {
                var bytes = Volatile.Read(ref _latencyBytes);
                if (bytes is not null)
                {
                    // Read from the file only when asked: cost reports never ask, stats do. A decoded rollup is shared by
                    // the questions a server answers at once, so the histogram is built apart and published whole
                    // before the bytes are let go: a second reader gets this one or its own, never one half filled.
                    int at = _latencyAt;
                    var decoded = new Dictionary<int, long>(_latencyCount);
                    for (int b = 0; b < _latencyCount; b++) decoded[(int)RollupCodec.ReadVarInt(bytes, ref at)] = RollupCodec.ReadVarInt(bytes, ref at);
                    Interlocked.CompareExchange(ref _latency, decoded, null);
                    Volatile.Write(ref _latencyBytes, null);
                }
                return Volatile.Read(ref _latency);
            }
            set
            {
                _latency = value;
                _latencyBytes = null;
            }
        }

        private Dictionary<int, long>? _latency;
        private byte[]? _latencyBytes;
        private int _latencyAt, _latencyCount;

        /// <summary>The histogram as the file holds it (<paramref name="count"/> bucket and count pairs from <paramref name="at"/>), decoded on first use.</summary>
        internal void SetLatencyBytes(byte[] bytes, int at, int count)
        {
            _latency = null;
            _latencyBytes = count > 0 ? bytes : null;
            _latencyAt = at;
            _latencyCount = count;
        }

        /// <summary>The cell's sums; the counts of calls and failures follow from its event type and success.</summary>
        public UsageTotals Totals { get; } = new UsageTotals();

        /// <summary>
        /// A record that stands for the cell in filters and groupings: its fields, the slot's start as its time, no
        /// tokens. What a filter or a group key reads of a record is exactly what the cell keeps.
        /// </summary>
        internal TelemetryRecord Prototype(DateTime utcDay) => _prototype ??= new TelemetryRecord
        {
            Timestamp = SlotStart(utcDay),
            EventType = EventType,
            Model = Model,
            Provider = Provider,
            AgentName = Agent,
            Operation = Operation,
            SessionId = Session,
            UserId = User,
            Success = !Failed,
            Metadata = new RecordMetadata { Project = Project, Host = Host },
        };

        /// <summary>The key a record's cell is found by while a rollup is built.</summary>
        internal static string KeyOf(int slot, TelemetryRecord r)
            => KeyOf(slot, r.EventType, r.Model, r.Provider, r.AgentName, r.Operation, r.Metadata.Project, r.SessionId, r.UserId, r.Metadata.Host, !r.Success);

        internal string Key => KeyOf(Slot, EventType, Model, Provider, Agent, Operation, Project, Session, User, Host, Failed);

        /// <summary>The fields a cell is told apart by, joined by a unit separator (null as NUL): the one definition for records and cells.</summary>
        private static string KeyOf(int slot, string eventType, string? model, string? provider, string? agent, string? operation, string? project,
            string? session, string? user, string? host, bool failed)
            => string.Join("\u001f", slot.ToString(System.Globalization.CultureInfo.InvariantCulture), eventType, model ?? "\0", provider ?? "\0",
                agent ?? "\0", operation ?? "\0", project ?? "\0", session ?? "\0", user ?? "\0", host ?? "\0", failed ? "0" : "1");

        internal static int SlotOf(DateTimeOffset timestamp)
        {
            var utc = timestamp.UtcDateTime;
            return (utc.Hour * 60 + utc.Minute) / SlotMinutes * SlotMinutes;
        }

        internal static RollupCell For(TelemetryRecord r) => new RollupCell(SlotOf(r.Timestamp), r);

        /// <summary>Adds one record of this cell's key.</summary>
        internal void Add(TelemetryRecord r)
        {
            Totals.Add(r);
            if (r.DurationMs is long ms)
            {
                Latency ??= new Dictionary<int, long>();
                int bucket = LatencyHistogram.BucketOf(ms);
                Latency.TryGetValue(bucket, out long c);
                Latency[bucket] = c + 1;
            }
        }

        /// <summary>Adds another cell of the same key (a rollup merged into another).</summary>
        internal void Merge(RollupCell other)
        {
            Totals.Merge(other.Totals);
            if (other.Latency is null) return;
            Latency ??= new Dictionary<int, long>();
            foreach (var pair in other.Latency)
            {
                Latency.TryGetValue(pair.Key, out long c);
                Latency[pair.Key] = c + pair.Value;
            }
        }

        internal bool IsLlmCall => string.Equals(EventType, TelemetryRecord.LlmCallEvent, StringComparison.Ordinal);

        /// <summary>What a dimension group key reads of the cell; the same as <see cref="GroupKeys.ValueOf"/> of its prototype.</summary>
        internal string? DimensionValue(GroupKey key) => key switch
        {
            GroupKey.Model => Model,
            GroupKey.Provider => Provider,
            GroupKey.Agent => Agent,
            GroupKey.Operation => Operation,
            GroupKey.Project => Project,
            GroupKey.Session => Session,
            GroupKey.User => User,
            GroupKey.Host => Host,
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a dimension"),
        };

        internal DateTimeOffset SlotStart(DateTime utcDay) => new DateTimeOffset(utcDay.Date.AddMinutes(Slot), TimeSpan.Zero);

        private long Offset(DateTimeOffset? at) => at is DateTimeOffset t ? t.UtcTicks - SlotStart(_day).UtcTicks : 0;

        /// <summary>After reading: the times and counts a record's fields imply, which the file does not repeat.</summary>
        internal void Restore(DateTime utcDay)
        {
            _day = utcDay.Date;
            Totals.First = SlotStart(_day).AddTicks(_firstOffset);
            Totals.Last = SlotStart(_day).AddTicks(_lastOffset);
            bool call = string.Equals(EventType, TelemetryRecord.LlmCallEvent, StringComparison.Ordinal);
            Totals.Calls = call ? Totals.Events : 0;
            Totals.Failed = Failed ? Totals.Events : 0;
            Totals.FailedCalls = call && Failed ? Totals.Events : 0;
            Totals.SetOnlySession(Session);
        }
    }
}
