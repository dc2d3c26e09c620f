using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The store's own JSON file (the root totals), sealed: it starts with <c>{"check":"&lt;hash&gt;",</c> and the hash
    /// is that of the rest. An edited file (totals changed, fingerprint kept) fails the check and is not believed, so
    /// no report answers from numbers the records do not hold. (Rollups are binary, with a checksum of their own.)
    /// </summary>
    internal static class SealedJson
    {
        private const string SealPrefix = "{\"check\":\"";
        private const int SealHashLength = 24;

        /// <summary>Writes <paramref name="value"/> sealed, through a new file renamed into place.</summary>
        public static void Write<T>(string path, T value, JsonTypeInfo<T> type, bool durable)
        {
            FileSystem.EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            OutputFile.WriteText(path, Seal(JsonSerializer.Serialize(value, type)), OutputPolicy.Owned, durable);
        }

        /// <summary>
        /// The file's value when it is there, sealed and readable; null otherwise. <paramref name="warn"/> hears of a
        /// file that looks sealed but does not match its seal (edited by hand), which is worth saying.
        /// </summary>
        public static T? TryRead<T>(string path, JsonTypeInfo<T> type, Action<string>? warn) where T : class
        {
            if (!File.Exists(path)) return null;
            byte[]? buffer = null;
            try
            {
                int length;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
                {
                    // A pooled buffer: the file is read on every query that asks for the rolling totals.
                    if (stream.Length > int.MaxValue / 2) return null;
                    buffer = ArrayPool<byte>.Shared.Rent((int)stream.Length + 1);
                    length = 0;
                    int n;
                    while ((n = stream.Read(buffer, length, buffer.Length - length)) > 0)
                    {
                        length += n;
                        if (length == buffer.Length) return null; // grew while being read: a writer is replacing it
                    }
                }
                return Parse(path, buffer, length, type, warn);
            }
            catch (Exception ex) when (ex is JsonException || ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                // A damaged or unreadable file is not believed; the caller rebuilds it or reports it.
                return null;
            }
            finally
            {
                if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static T? Parse<T>(string path, byte[] bytes, int length, JsonTypeInfo<T> type, Action<string>? warn) where T : class
        {
            if (!IsSealed(bytes, length))
            {
                // Files of older versions carry no seal and are simply rebuilt; a sealed-looking file whose hash does
                // not match was edited by hand.
                if (length > SealPrefix.Length && Encoding.UTF8.GetString(bytes, 0, SealPrefix.Length) == SealPrefix)
                    warn?.Invoke($"{path} does not match its checksum (edited?); it is ignored");
                return null;
            }
            return JsonSerializer.Deserialize(new ReadOnlySpan<byte>(bytes, 0, length), type);
        }

        /// <summary>The serialized value with its seal in front: {"check":"&lt;hash of the rest&gt;", then the rest.</summary>
        internal static string Seal(string json)
        {
            string rest = json.Substring(1);
            return SealPrefix + Hash(rest) + "\"," + rest;
        }

        /// <summary>True when the first <paramref name="length"/> bytes start with a seal whose hash is that of the rest.</summary>
        internal static bool IsSealed(byte[] bytes, int length)
        {
            int restAt = SealPrefix.Length + SealHashLength + 2;
            if (length <= restAt) return false;
            for (int i = 0; i < SealPrefix.Length; i++) if (bytes[i] != (byte)SealPrefix[i]) return false;
            if (bytes[restAt - 2] != (byte)'"' || bytes[restAt - 1] != (byte)',') return false;
            string expected = Hash(bytes, restAt, length - restAt);
            for (int i = 0; i < SealHashLength; i++) if (bytes[SealPrefix.Length + i] != (byte)expected[i]) return false;
            return true;
        }

        internal static string Hash(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return Hash(bytes, 0, bytes.Length);
        }

        private static string Hash(byte[] bytes, int offset, int count)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(bytes, offset, count);
            return BitConverter.ToString(hash, 0, SealHashLength / 2).Replace("-", "").ToLowerInvariant();
        }
    }
}
