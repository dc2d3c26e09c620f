using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>
    /// How far `send` has shipped this store to one target: per raw day, the lines read and the id of the last one
    /// (so a day rewritten since, by Remove-LlmTelemetry, is noticed and shipped again whole), the day's fingerprint
    /// when it was last read to its end (an unchanged day is not opened), and the corrections file's stamp; per
    /// history day, the fingerprint of the rollup shipped. Kept in &lt;root&gt;/exports/, one file per sink and target,
    /// written atomically after every batch the target accepted: a crash re-sends at most the batch in flight, which
    /// the target's dedup by id absorbs. Line counts skip blank lines, so compaction (which drops them) keeps them true.
    /// </summary>
    internal sealed class ShipCheckpoint
    {
        public const string FolderName = "exports";
        public const int CurrentVersion = 1;

        [JsonPropertyName("v")] public int Version { get; set; } = CurrentVersion;
        [JsonPropertyName("sink")] public string Sink { get; set; } = "";
        [JsonPropertyName("target")] public string Target { get; set; } = "";
        [JsonPropertyName("host")] public string? Host { get; set; }
        [JsonPropertyName("updated")] public DateTimeOffset? Updated { get; set; }
        [JsonPropertyName("days")] public SortedDictionary<string, ShipDayMark> Days { get; set; } = new SortedDictionary<string, ShipDayMark>(StringComparer.Ordinal);
        [JsonPropertyName("history")] public SortedDictionary<string, string> History { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>&lt;root&gt;/exports/&lt;sink&gt;-&lt;12 hex digits of the target's SHA-256&gt;.json.</summary>
        public static string PathFor(string storeRoot, string sink, string target)
        {
            using var sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(target));
            var sb = new StringBuilder(sink).Append('-');
            for (int i = 0; i < 6; i++) sb.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return Path.Combine(storeRoot, FolderName, sb.Append(".json").ToString());
        }

        /// <summary>The checkpoint at <paramref name="path"/>, or an empty one; a damaged file is an error naming it (never silently "start over").</summary>
        public static ShipCheckpoint Load(string path, string sink, string target)
        {
            if (!File.Exists(path)) return new ShipCheckpoint { Sink = sink, Target = target };
            ShipCheckpoint? read;
            try
            {
                read = JsonSerializer.Deserialize(File.ReadAllBytes(path), ShipJsonContext.Default.ShipCheckpoint);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Read, path, ex);
            }
            catch (JsonException ex)
            {
                throw new TelemetryException(TelemetryErrorCode.ReadError,
                    $"the send checkpoint {path} is damaged ({ex.Message}); delete it or pass --from-start to send everything again", path, TelemetryOperation.Read, ex);
            }
            if (read is null || read.Version != CurrentVersion || read.Sink != sink || read.Target != target)
                throw new TelemetryException(TelemetryErrorCode.ReadError,
                    $"the send checkpoint {path} is not one this version wrote for {sink} {target}; delete it or pass --from-start", path, TelemetryOperation.Read);
            return read;
        }

        public void Save(string path)
        {
            FileSystem.EnsureDirectory(Path.GetDirectoryName(path)!);
            OutputFile.WriteText(path, JsonSerializer.Serialize(this, ShipJsonContext.Default.ShipCheckpoint), OutputPolicy.Owned, durable: true);
        }

        public ShipDayMark? Day(DateTime utcDay) => Days.TryGetValue(DayPartition.Name(utcDay), out var mark) ? mark : null;
    }

    /// <summary>One raw day's place in a <see cref="ShipCheckpoint"/>.</summary>
    internal sealed class ShipDayMark
    {
        /// <summary>Non-blank lines of the day's record files read and shipped (or skipped as unreadable), in read order.</summary>
        [JsonPropertyName("lines")] public long Lines { get; set; }

        /// <summary>The id on line <see cref="Lines"/>, when it had one: the check that the lines before are still those shipped.</summary>
        [JsonPropertyName("last_id")] public string? LastId { get; set; }

        /// <summary>The day's fingerprint when it was last read to its end; null while a read of it is under way.</summary>
        [JsonPropertyName("fingerprint")] public string? Fingerprint { get; set; }

        /// <summary>The corrections file's stamp when its corrections were last shipped; null when it had none.</summary>
        [JsonPropertyName("corrections")] public string? Corrections { get; set; }
    }
}
