using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The on-disk form of a <see cref="DayRollup"/>: compact binary, because a year of history is read by every
    /// yearly report (365 files, tens of thousands of cells) and JSON took 1.5 ms a day to parse where this takes
    /// tens of microseconds. Layout (little-endian): "LLMR", a version byte, the FNV-1a 64 checksum of the rest, then
    /// the day, the raw files' fingerprint, the skipped lines, a string table, the cells (strings as table indexes,
    /// counts as varints, the cost as a double) and, last, the ids' 64-bit hashes, which only imports read.
    /// A file whose checksum does not match (edited, damaged) is not believed.
    /// </summary>
    internal static class RollupCodec
    {
        private static readonly byte[] Magic = { (byte)'L', (byte)'L', (byte)'M', (byte)'R' };
        private const byte Version = 1;
        private const int HeaderLength = 4 + 1 + 8;

        public static void Write(string path, DayRollup rollup, bool durable)
        {
            var body = Encode(rollup);
            FileSystem.EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            OutputFile.Write(path, OutputPolicy.Owned, durable, output => output.Write(body, 0, body.Length));
        }

        /// <summary>The file's rollup when it is there and intact; null otherwise (<paramref name="warn"/> hears of a damaged one).</summary>
        public static DayRollup? TryRead(string path, Action<string>? warn)
        {
            byte[] bytes;
            try
            {
                if (!File.Exists(path)) return null;
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
            var rollup = Decode(bytes, out string? problem);
            if (rollup is null && problem is not null) warn?.Invoke($"{path} {problem}; it is ignored");
            return rollup;
        }

        internal static byte[] Encode(DayRollup rollup)
        {
            var strings = new Dictionary<string, int>(StringComparer.Ordinal);
            var table = new List<string>();
            int Index(string? s)
            {
                if (s is null) return 0;
                if (!strings.TryGetValue(s, out int i))
                {
                    table.Add(s);
                    strings[s] = i = table.Count;
                }
                return i;
            }
            var cells = new MemoryStream();
            var w = new BinaryWriter(cells, Encoding.UTF8, leaveOpen: true);
            VarInt(w, rollup.Cells.Count);
            foreach (var c in rollup.Cells)
            {
                VarInt(w, c.Slot);
                VarInt(w, Index(c.EventType));
                VarInt(w, Index(c.Model));
                VarInt(w, Index(c.Provider));
                VarInt(w, Index(c.Agent));
                VarInt(w, Index(c.Operation));
                VarInt(w, Index(c.Project));
                VarInt(w, Index(c.Session));
                VarInt(w, Index(c.User));
                VarInt(w, Index(c.Host));
                w.Write((byte)(c.Failed ? 1 : 0));
                VarInt(w, c.Events); VarInt(w, c.Input); VarInt(w, c.Output); VarInt(w, c.CacheWrite); VarInt(w, c.CacheWrite1h);
                VarInt(w, c.CacheRead); VarInt(w, c.Reasoning); VarInt(w, c.Total); VarInt(w, c.Unpriced);
                VarInt(w, c.DurationSumMs); VarInt(w, c.DurationCount); VarInt(w, c.FirstOffset); VarInt(w, c.LastOffset);
                w.Write(c.CostUsd);
                var latency = c.Latency;
                VarInt(w, latency?.Count ?? 0);
                if (latency is not null)
                    foreach (var pair in latency)
                    {
                        VarInt(w, pair.Key);
                        VarInt(w, pair.Value);
                    }
            }
            w.Flush();

            var output = new MemoryStream();
            var o = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
            o.Write(Magic);
            o.Write(Version);
            o.Write(0UL); // checksum, set below
            Str(o, rollup.Day);
            Str(o, rollup.Source);
            VarInt(o, rollup.SkippedLines);
            VarInt(o, table.Count);
            foreach (var s in table) Str(o, s);
            o.Write(cells.GetBuffer(), 0, (int)cells.Length);
            var ids = rollup.SortedIdHashes();
            VarInt(o, ids.Length);
            foreach (var id in ids) o.Write(id);
            o.Flush();
            var bytes = output.ToArray();
            ulong sum = Fnv1a.HashRange(bytes, HeaderLength, bytes.Length - HeaderLength);
            for (int b = 0; b < 8; b++) bytes[5 + b] = (byte)(sum >> (8 * b));
            return bytes;
        }

        internal static DayRollup? Decode(byte[] bytes, out string? problem)
        {
            problem = null;
            if (bytes.Length < HeaderLength || bytes[0] != Magic[0] || bytes[1] != Magic[1] || bytes[2] != Magic[2] || bytes[3] != Magic[3])
            {
                problem = "is not a rollup file";
                return null;
            }
            if (bytes[4] != Version)
            {
                problem = "is a rollup of another version (" + bytes[4].ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
                return null;
            }
            ulong stored = 0;
            for (int b = 7; b >= 0; b--) stored = (stored << 8) | bytes[5 + b];
            if (Fnv1a.HashRange(bytes, HeaderLength, bytes.Length - HeaderLength) != stored)
            {
                problem = "does not match its checksum (edited or damaged)";
                return null;
            }
            try
            {
                int at = HeaderLength;
                var rollup = new DayRollup { Day = ReadStr(bytes, ref at), Source = ReadStr(bytes, ref at), SkippedLines = ReadVarInt(bytes, ref at) };
                int count = (int)ReadVarInt(bytes, ref at);
                var table = new string?[count + 1];
                for (int i = 1; i <= count; i++) table[i] = ReadStr(bytes, ref at);
                int cells = (int)ReadVarInt(bytes, ref at);
                var list = new List<RollupCell>(cells);
                for (int i = 0; i < cells; i++)
                {
                    var c = new RollupCell
                    {
                        Slot = (int)ReadVarInt(bytes, ref at),
                        EventType = table[ReadVarInt(bytes, ref at)] ?? Records.TelemetryRecord.LlmCallEvent,
                        Model = table[ReadVarInt(bytes, ref at)],
                        Provider = table[ReadVarInt(bytes, ref at)],
                        Agent = table[ReadVarInt(bytes, ref at)],
                        Operation = table[ReadVarInt(bytes, ref at)],
                        Project = table[ReadVarInt(bytes, ref at)],
                        Session = table[ReadVarInt(bytes, ref at)],
                        User = table[ReadVarInt(bytes, ref at)],
                        Host = table[ReadVarInt(bytes, ref at)],
                        Failed = bytes[at++] != 0,
                        Events = ReadVarInt(bytes, ref at),
                        Input = ReadVarInt(bytes, ref at),
                        Output = ReadVarInt(bytes, ref at),
                        CacheWrite = ReadVarInt(bytes, ref at),
                        CacheWrite1h = ReadVarInt(bytes, ref at),
                        CacheRead = ReadVarInt(bytes, ref at),
                        Reasoning = ReadVarInt(bytes, ref at),
                        Total = ReadVarInt(bytes, ref at),
                        Unpriced = ReadVarInt(bytes, ref at),
                        DurationSumMs = ReadVarInt(bytes, ref at),
                        DurationCount = ReadVarInt(bytes, ref at),
                        FirstOffset = ReadVarInt(bytes, ref at),
                        LastOffset = ReadVarInt(bytes, ref at),
                    };
                    c.CostUsd = BitConverter.Int64BitsToDouble(ReadInt64(bytes, ref at));
                    int buckets = (int)ReadVarInt(bytes, ref at);
                    c.SetLatencyBytes(bytes, at, buckets);
                    for (int b = 0; b < 2 * buckets; b++) ReadVarInt(bytes, ref at);
                    list.Add(c);
                }
                rollup.Cells = list;
                int ids = (int)ReadVarInt(bytes, ref at);
                if (ids < 0 || at + (long)ids * 8 != bytes.Length) throw new FormatException("the id list does not end the file");
                rollup.SetIdHashes(bytes, at, ids);
                rollup.Restore();
                return rollup;
            }
            catch (Exception ex) when (ex is IndexOutOfRangeException || ex is FormatException || ex is ArgumentException || ex is OverflowException)
            {
                problem = "is damaged (" + ex.Message + ")";
                return null;
            }
        }

        private static void VarInt(BinaryWriter w, long value)
        {
            // Zig-zag, so a negative value (none is expected) still round-trips.
            ulong v = (ulong)((value << 1) ^ (value >> 63));
            while (v >= 0x80)
            {
                w.Write((byte)(v | 0x80));
                v >>= 7;
            }
            w.Write((byte)v);
        }

        internal static long ReadVarInt(byte[] bytes, ref int at)
        {
            ulong v = 0;
            int shift = 0;
            byte b;
            do
            {
                if (shift > 63) throw new FormatException("a number runs past 64 bits");
                b = bytes[at++];
                v |= (ulong)(b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
            return (long)(v >> 1) ^ -(long)(v & 1);
        }

        private static long ReadInt64(byte[] bytes, ref int at)
        {
            long v = 0;
            for (int b = 7; b >= 0; b--) v = (v << 8) | bytes[at + b];
            at += 8;
            return v;
        }

        private static void Str(BinaryWriter w, string s)
        {
            var b = Encoding.UTF8.GetBytes(s);
            VarInt(w, b.Length);
            w.Write(b);
        }

        private static string ReadStr(byte[] bytes, ref int at)
        {
            int length = (int)ReadVarInt(bytes, ref at);
            if (length < 0 || at + length > bytes.Length) throw new FormatException("a string runs past the end");
            var s = Encoding.UTF8.GetString(bytes, at, length);
            at += length;
            return s;
        }
    }
}
