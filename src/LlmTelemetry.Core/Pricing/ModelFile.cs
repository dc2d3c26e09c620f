using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Pricing
{
    /// <summary>Reads, converts and writes the model file format; every error names the file, the line and the field.</summary>
    internal static class ModelFile
    {
        /// <summary>
        /// The bytes without a UTF-8 byte order mark, which System.Text.Json refuses: Windows PowerShell 5.1
        /// (Set-Content -Encoding UTF8, Out-File) and older editors write one into files users edit or save.
        /// </summary>
        public static byte[] WithoutBom(byte[] bytes)
        {
            if (bytes.Length < 3 || bytes[0] != 0xEF || bytes[1] != 0xBB || bytes[2] != 0xBF) return bytes;
            var rest = new byte[bytes.Length - 3];
            Array.Copy(bytes, 3, rest, 0, rest.Length);
            return rest;
        }

        public static ModelFileDocument Parse(byte[] utf8, string path)
        {
            try
            {
                var doc = JsonSerializer.Deserialize(utf8, ModelFileJsonContext.Default.ModelFileDocument);
                return doc ?? throw Error(path, 1, null, "$", "the file holds 'null', not an object with a \"models\" list");
            }
            catch (JsonException ex)
            {
                long line = (ex.LineNumber ?? 0) + 1;
                long? column = ex.BytePositionInLine is { } b ? b + 1 : (long?)null;
                throw Error(path, line, column, ex.Path ?? "$", Friendly(ex.Message), ex);
            }
        }

        /// <summary>
        /// Converts the entries; <paramref name="baseFor"/> supplies the built-in model an entry replaces, whose values
        /// fill what the entry leaves out. A bad entry is reported through <paramref name="onError"/> and skipped.
        /// </summary>
        public static List<ModelInfo> ToModels(ModelFileDocument doc, byte[] utf8, string path, string origin,
            Func<string, ModelInfo?> baseFor, Action<TelemetryException> onError)
        {
            var models = new List<ModelInfo>();
            var entries = doc.Models ?? new List<ModelEntry>();
            for (int i = 0; i < entries.Count; i++)
            {
                try
                {
                    models.Add(ToModel(entries[i], $"models[{i}]", origin, baseFor));
                }
                catch (FieldError fe)
                {
                    onError(Error(path, JsonFieldLocator.LineOf(utf8, fe.Field), null, "$." + fe.Field, fe.Message));
                }
            }
            return models;
        }

        private static ModelInfo ToModel(ModelEntry e, string at, string origin, Func<string, ModelInfo?> baseFor)
        {
            if (string.IsNullOrWhiteSpace(e.Id)) throw new FieldError(at, "every model needs an \"id\"");
            var id = e.Id!.Trim();
            var baseModel = baseFor(id);
            var sameModel = baseModel != null && string.Equals(baseModel.Id, id, StringComparison.OrdinalIgnoreCase);
            var prices = e.Prices is null
                ? baseModel?.Prices ?? Array.Empty<ModelPrice>()
                : e.Prices.Select((p, j) => ToPrice(p, $"{at}.prices[{j}]", PriceRules.IsClaude(id))).ToList();
            CheckDistinctDates(prices, at);
            return new ModelInfo
            {
                Id = id,
                Provider = e.Provider ?? baseModel?.Provider ?? "",
                Aliases = e.Aliases?.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList()
                          ?? (sameModel ? baseModel!.Aliases : Array.Empty<string>()),
                ContextWindow = e.ContextWindow ?? baseModel?.ContextWindow,
                MaxOutputTokens = e.MaxOutputTokens ?? baseModel?.MaxOutputTokens,
                SupportsVision = e.Vision ?? baseModel?.SupportsVision ?? false,
                SupportsTools = e.Tools ?? baseModel?.SupportsTools ?? false,
                SupportsReasoning = e.Reasoning ?? baseModel?.SupportsReasoning ?? false,
                SupportsPromptCaching = e.PromptCaching ?? baseModel?.SupportsPromptCaching ?? false,
                Prices = prices,
                LiteLlmKeys = e.LiteLlmKeys ?? (sameModel ? baseModel!.LiteLlmKeys : Array.Empty<string>()),
                Corrections = e.Corrections?.Select(c => new PriceCorrection(c.Field ?? "", c.LiteLlm ?? 0, c.Used ?? 0, c.Reason ?? "")).ToList()
                              ?? (sameModel ? baseModel!.Corrections : Array.Empty<PriceCorrection>()),
                Origin = origin,
            };
        }

        private static void CheckDistinctDates(IReadOnlyList<ModelPrice> prices, string at)
        {
            var seen = new HashSet<DateTimeOffset>();
            for (int j = 0; j < prices.Count; j++)
            {
                if (!seen.Add(prices[j].EffectiveFrom ?? DateTimeOffset.MinValue))
                    throw new FieldError($"{at}.prices[{j}].effective_from", "two price lists take effect at the same time");
            }
        }

        private static ModelPrice ToPrice(PriceEntry p, string at, bool claude)
        {
            DateTimeOffset? from = null;
            if (!string.IsNullOrWhiteSpace(p.EffectiveFrom))
            {
                if (!DateTimeOffset.TryParse(p.EffectiveFrom, CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                    throw new FieldError(at + ".effective_from", $"'{p.EffectiveFrom}' is not a date (use YYYY-MM-DD or ISO-8601)");
                from = parsed;
            }
            double input = Required(p.Input, at + ".input");
            double output = Required(p.Output, at + ".output");
            double? read = Optional(p.CacheRead, at + ".cache_read");
            double? cw5 = Optional(p.CacheWrite5m, at + ".cache_write_5m");
            double? cw1h = Optional(p.CacheWrite1h, at + ".cache_write_1h");
            double? baseRead = read, baseCw5 = cw5;
            PriceRules.Complete(claude, input, ref read, ref cw5, ref cw1h);
            var tiers = new List<PriceTier>();
            for (int k = 0; k < (p.Tiers?.Count ?? 0); k++)
            {
                var t = p.Tiers![k];
                var tat = $"{at}.tiers[{k}]";
                long above = t.AbovePromptTokens ?? throw new FieldError(tat + ".above_prompt_tokens", "a tier needs \"above_prompt_tokens\"");
                if (above <= 0) throw new FieldError(tat + ".above_prompt_tokens", "must be above 0");
                double tin = Optional(t.Input, tat + ".input") ?? input;
                double tout = Optional(t.Output, tat + ".output") ?? output;
                double? tread = Optional(t.CacheRead, tat + ".cache_read") ?? baseRead;
                double? tcw5 = Optional(t.CacheWrite5m, tat + ".cache_write_5m") ?? baseCw5;
                double? tcw1h = Optional(t.CacheWrite1h, tat + ".cache_write_1h");
                PriceRules.Complete(claude, tin, ref tread, ref tcw5, ref tcw1h);
                tiers.Add(new PriceTier
                {
                    AbovePromptTokens = above,
                    Input = tin,
                    Output = tout,
                    CacheRead = tread!.Value,
                    CacheWrite5m = tcw5!.Value,
                    CacheWrite1h = tcw1h!.Value,
                });
            }
            return new ModelPrice
            {
                EffectiveFrom = from,
                Input = input,
                Output = output,
                CacheRead = read!.Value,
                CacheWrite5m = cw5!.Value,
                CacheWrite1h = cw1h!.Value,
                ReasoningOutput = Optional(p.ReasoningOutput, at + ".reasoning_output"),
                Tiers = tiers.OrderBy(t => t.AbovePromptTokens).ToList(),
            };
        }

        private static double Required(double? value, string field)
        {
            return Optional(value, field) ?? throw new FieldError(field, "a price list needs this rate (USD per million tokens)");
        }

        private static double? Optional(double? value, string field)
        {
            if (value is { } v && (v < 0 || double.IsNaN(v) || double.IsInfinity(v)))
                throw new FieldError(field, $"{v.ToString(CultureInfo.InvariantCulture)} is not a price (USD per million tokens, 0 or more)");
            return value;
        }

        /// <summary>The complete entry of a model, as written to the override file.</summary>
        public static ModelEntry ToEntry(ModelInfo m)
        {
            return new ModelEntry
            {
                Id = m.Id,
                Provider = m.Provider,
                Aliases = m.Aliases.ToList(),
                ContextWindow = m.ContextWindow,
                MaxOutputTokens = m.MaxOutputTokens,
                Vision = m.SupportsVision,
                Tools = m.SupportsTools,
                Reasoning = m.SupportsReasoning,
                PromptCaching = m.SupportsPromptCaching,
                LiteLlmKeys = m.LiteLlmKeys.Count == 0 ? null : m.LiteLlmKeys.ToList(),
                Prices = m.Prices.Select(ToEntry).ToList(),
                Corrections = m.Corrections.Count == 0 ? null : m.Corrections
                    .Select(c => new CorrectionEntry { Field = c.Field, LiteLlm = c.LiteLlm, Used = c.Used, Reason = c.Reason }).ToList(),
            };
        }

        private static PriceEntry ToEntry(ModelPrice p)
        {
            return new PriceEntry
            {
                EffectiveFrom = p.EffectiveFrom?.UtcDateTime.ToString(
                    p.EffectiveFrom.Value.UtcDateTime.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                Input = p.Input,
                Output = p.Output,
                CacheWrite5m = p.CacheWrite5m,
                CacheWrite1h = p.CacheWrite1h,
                CacheRead = p.CacheRead,
                ReasoningOutput = p.ReasoningOutput,
                Tiers = p.Tiers.Count == 0 ? null : p.Tiers.Select(t => new TierEntry
                {
                    AbovePromptTokens = t.AbovePromptTokens,
                    Input = t.Input,
                    Output = t.Output,
                    CacheWrite5m = t.CacheWrite5m,
                    CacheWrite1h = t.CacheWrite1h,
                    CacheRead = t.CacheRead,
                }).ToList(),
            };
        }

        /// <summary>One entry per line: small diffs when a user or an import changes one model.</summary>
        public static string Serialize(ModelFileDocument doc)
        {
            var sb = new StringBuilder();
            sb.Append("{\n  \"schema\": ").Append(doc.Schema ?? 1).Append(",\n");
            if (doc.Source != null)
            {
                sb.Append("  \"source\": ");
                sb.Append(JsonSerializer.Serialize(doc.Source, ModelFileJsonContext.Default.ModelFileSource));
                sb.Append(",\n");
            }
            sb.Append("  \"models\": [");
            var models = doc.Models ?? new List<ModelEntry>();
            for (int i = 0; i < models.Count; i++)
            {
                sb.Append(i == 0 ? "\n    " : ",\n    ");
                sb.Append(JsonSerializer.Serialize(models[i], ModelFileJsonContext.Default.ModelEntry));
            }
            sb.Append(models.Count == 0 ? "]\n}\n" : "\n  ]\n}\n");
            return sb.ToString();
        }

        /// <summary>
        /// Writes the user's override file through <see cref="OutputFile"/> (a private temp file renamed over it: a reader
        /// sees the old file or the new one, never half of one); a new config folder is owner-only. The file is the
        /// user's own, so a link they made there (a dotfiles repository) is followed rather than replaced.
        /// </summary>
        public static void WriteAtomic(string path, string content)
        {
            var full = Path.GetFullPath(path);
            FileSystem.EnsureDirectory(Path.GetDirectoryName(full)!);
            OutputFile.WriteText(full, content, OutputPolicy.Named, durable: true);
        }

        public static TelemetryException Error(string path, long line, long? column, string field, string problem, Exception? inner = null)
        {
            var where = column is null ? $"line {line}" : $"line {line}, position {column}";
            return new TelemetryException(TelemetryErrorCode.ConfigurationError,
                $"{path}: {where}, field '{field}': {problem}", path, TelemetryOperation.Read, inner);
        }

        // System.Text.Json speaks of .NET types ("System.Nullable`1[System.Double]"); say what the file should hold.
        private static string Friendly(string message)
        {
            int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
            var reason = (cut > 0 ? message.Substring(0, cut) : message).Trim();
            var unmapped = Regex.Match(reason, "^The JSON property '(?<name>[^']*)' could not be mapped");
            if (unmapped.Success) return $"unknown field '{unmapped.Groups["name"].Value}' (check its spelling)";
            if (reason.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
            {
                if (reason.IndexOf("Double", StringComparison.Ordinal) >= 0) return "expected a number (USD per million tokens)";
                if (reason.IndexOf("Int32", StringComparison.Ordinal) >= 0 || reason.IndexOf("Int64", StringComparison.Ordinal) >= 0) return "expected a whole number";
                if (reason.IndexOf("Boolean", StringComparison.Ordinal) >= 0) return "expected true or false";
                if (reason.IndexOf("List", StringComparison.Ordinal) >= 0) return "expected a list [ ... ]";
                if (reason.IndexOf("String", StringComparison.Ordinal) >= 0) return "expected a string";
                return "expected an object { ... }";
            }
            return reason;
        }

        internal sealed class FieldError : Exception
        {
            public FieldError(string field, string message) : base(message)
            {
                Field = field;
            }

            public string Field { get; }
        }
    }
}
