using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The prompt and response texts kept beside a day's records (prompts.jsonl, responses.jsonl), which exist only
    /// where the user opted in (LLM_STORE_PROMPTS, LLM_STORE_RESPONSES): read back by record id for a front end that
    /// asks for them explicitly, a day at a time, only for the records asked about.
    /// </summary>
    internal static class StoredTexts
    {
        /// <summary>The texts of <paramref name="records"/> that have any, by record id.</summary>
        public static Dictionary<string, StoredText> Read(string root, IEnumerable<TelemetryRecord> records)
        {
            var byDay = new Dictionary<DateTime, HashSet<string>>();
            foreach (var r in records)
            {
                if (!byDay.TryGetValue(r.UtcDay, out var ids)) byDay[r.UtcDay] = ids = new HashSet<string>(StringComparer.Ordinal);
                ids.Add(r.Id);
            }
            var found = new Dictionary<string, StoredText>(StringComparer.Ordinal);
            foreach (var pair in byDay)
            {
                var day = new DayPartition(root, pair.Key);
                foreach (var (id, text) in Lines(day.PromptsPath, pair.Value))
                    found[id] = found.TryGetValue(id, out var t) ? new StoredText(text, t.Response) : new StoredText(text, null);
                foreach (var (id, text) in Lines(day.ResponsesPath, pair.Value))
                    found[id] = found.TryGetValue(id, out var t) ? new StoredText(t.Prompt, text) : new StoredText(null, text);
            }
            return found;
        }

        /// <summary>The (id, text) lines of one file whose id is asked for; a line that does not parse is passed over (it holds no text to show).</summary>
        private static IEnumerable<(string Id, string Text)> Lines(string path, HashSet<string> ids)
        {
            if (!File.Exists(path)) yield break;
            JsonlLineReader reader;
            try
            {
                reader = new JsonlLineReader(path);
            }
            catch (TelemetryException) when (!File.Exists(path))
            {
                yield break; // removed with its day meanwhile
            }
            using (reader)
            {
                while (true)
                {
                    string? id = null, text = null;
                    if (!reader.TryReadLine(out var line)) break;
                    try
                    {
                        using var doc = JsonDocument.Parse(line.ToArray());
                        if (doc.RootElement.ValueKind == JsonValueKind.Object
                            && doc.RootElement.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String
                            && doc.RootElement.TryGetProperty("text", out var textValue) && textValue.ValueKind == JsonValueKind.String)
                        {
                            id = idValue.GetString();
                            text = textValue.GetString();
                        }
                    }
                    catch (JsonException)
                    {
                        // A torn last line (a crash while it was written): no text to show for it.
                    }
                    if (id is not null && text is not null && ids.Contains(id)) yield return (id, text);
                }
            }
        }
    }
}
