using LlmTelemetry.Internal;
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// The per-source checkpoint file in <see cref="IImportTarget.StateDirectory"/>: "import-&lt;source&gt;.json".
    /// It is a cache: deleting it costs one full re-read, and the record ids keep that re-read from adding duplicates.
    /// </summary>
    internal sealed class FileCheckpoints
    {
        internal const int FingerprintBytes = 4096;
        private readonly string _path;
        private readonly Dictionary<string, FileCheckpoint> _entries;

        /// <summary>Changed since loaded: an import that found nothing new writes nothing (the write is durable, so it costs fsyncs).</summary>
        private bool _changed;

        private FileCheckpoints(string path, Dictionary<string, FileCheckpoint> entries)
        {
            _path = path;
            _entries = entries;
        }

        public static StringComparer PathComparer { get; } =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        public static FileCheckpoints Load(string stateDirectory, string source)
        {
            var path = Path.Combine(stateDirectory, "import-" + source + ".json");
            var entries = new Dictionary<string, FileCheckpoint>(PathComparer);
            try
            {
                if (File.Exists(path))
                {
                    using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
                    if (doc.RootElement.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var file in files.EnumerateObject())
                        {
                            var e = file.Value;
                            var cp = new FileCheckpoint
                            {
                                Size = e.GetProperty("size").GetInt64(),
                                MtimeTicks = e.GetProperty("mtime").GetInt64(),
                                Offset = e.GetProperty("offset").GetInt64(),
                                Line = e.GetProperty("line").GetInt64(),
                                Fingerprint = e.GetProperty("fp").GetUInt64(),
                                FingerprintLength = e.GetProperty("fp_len").GetInt32(),
                            };
                            if (e.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.Object)
                            {
                                cp.State = new Dictionary<string, string>(StringComparer.Ordinal);
                                foreach (var p in state.EnumerateObject()) cp.State[p.Name] = p.Value.GetString() ?? "";
                            }
                            entries[file.Name] = cp;
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException || ex is KeyNotFoundException || ex is InvalidOperationException || ex is FormatException)
            {
                // A damaged checkpoint only costs a full re-read; ids keep that from adding duplicates.
                entries.Clear();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                entries.Clear();
            }
            return new FileCheckpoints(path, entries);
        }

        public FileCheckpoint? Get(string file) => _entries.TryGetValue(file, out var cp) ? cp : null;

        public void Set(string file, FileCheckpoint checkpoint)
        {
            _entries[file] = checkpoint;
            _changed = true;
        }

        /// <summary>Forgets <paramref name="file"/>: the next import reads it from the start.</summary>
        public void Remove(string file) => _changed |= _entries.Remove(file);

        /// <summary>Drops entries for files that no longer exist, so the file does not grow with every deleted log.</summary>
        public void PruneMissing(ISet<string> seen)
        {
            var gone = new List<string>();
            foreach (var key in _entries.Keys)
                if (!seen.Contains(key) && !File.Exists(key)) gone.Add(key);
            foreach (var key in gone) _changed |= _entries.Remove(key);
        }

        /// <summary>
        /// Writes through <see cref="OutputFile"/> (a private temp file renamed over the old one), so a crash leaves the old
        /// or the new file whole; the file lists log paths, so it and its folder are owner-only.
        /// </summary>
        public void Save()
        {
            if (!_changed) return;
            FileSystem.EnsureDirectory(Path.GetDirectoryName(_path)!);
            OutputFile.Write(_path, OutputPolicy.Owned, durable: true, stream =>
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("v", 1);
                    writer.WriteStartObject("files");
                    foreach (var pair in _entries)
                    {
                        var cp = pair.Value;
                        writer.WriteStartObject(pair.Key);
                        writer.WriteNumber("size", cp.Size);
                        writer.WriteNumber("mtime", cp.MtimeTicks);
                        writer.WriteNumber("offset", cp.Offset);
                        writer.WriteNumber("line", cp.Line);
                        writer.WriteNumber("fp", cp.Fingerprint);
                        writer.WriteNumber("fp_len", cp.FingerprintLength);
                        if (cp.State is not null)
                        {
                            writer.WriteStartObject("state");
                            foreach (var s in cp.State) writer.WriteString(s.Key, s.Value);
                            writer.WriteEndObject();
                        }
                        writer.WriteEndObject();
                    }
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
            });
            _changed = false;
        }

        /// <summary>FNV-1a over the first <paramref name="length"/> bytes of <paramref name="stream"/>; leaves the position at 0.</summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        public static ulong ComputeFingerprint(Stream stream, int length)
        {
            stream.Position = 0;
            var bytes = new byte[length];
            int total = 0;
            while (total < length)
            {
                int n = stream.Read(bytes, total, length - total);
                if (n <= 0) break;
                total += n;
            }
            ulong hash = Fnv1a.Hash(bytes, total);
            stream.Position = 0;
            return hash;
        }
    }
}
