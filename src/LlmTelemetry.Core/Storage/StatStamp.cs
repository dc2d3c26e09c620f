using System;
using System.IO;

namespace LlmTelemetry.Storage
{
    /// <summary>Existence, length and write time of a file: one stat (cheaper than FileStamp, which also hashes the tail). What tells a file the store replaces whole (a rollup) or only appends to from the version read before.</summary>
    internal readonly struct StatStamp : IEquatable<StatStamp>
    {
        public static readonly StatStamp Missing = default;

        private StatStamp(long length, long ticks)
        {
            Exists = true;
            Length = length;
            Ticks = ticks;
        }

        public bool Exists { get; }
        public long Length { get; }
        public long Ticks { get; }

        public static StatStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new StatStamp(info.Length, info.LastWriteTimeUtc.Ticks) : Missing;
        }

        public bool Equals(StatStamp other) => Exists == other.Exists && Length == other.Length && Ticks == other.Ticks;
        public override bool Equals(object? obj) => obj is StatStamp other && Equals(other);
        public override int GetHashCode() => (Length * 397 ^ Ticks).GetHashCode();
        public static bool operator ==(StatStamp a, StatStamp b) => a.Equals(b);
        public static bool operator !=(StatStamp a, StatStamp b) => !a.Equals(b);
    }
}
