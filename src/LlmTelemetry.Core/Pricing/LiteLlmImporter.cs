using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmTelemetry.Records;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// Imports a LiteLLM model_prices_and_context_window.json into the user's override file: chat models (mode "chat",
    /// and "responses" for OpenAI's Responses-only chat models such as the codex ones) with per-token prices converted
    /// to per million, cache and long-context tier prices completed by the rules of the built-in list, context and
    /// output limits and the supports_* flags. Only models that are new or differ from what the registry has are
    /// written, in one atomic replace of the override file.
    /// </summary>
    public sealed class LiteLlmImporter
    {
        private static readonly string[] s_directProviders = { "anthropic", "openai", "gemini", "mistral", "deepseek", "xai" };
        private static readonly Regex s_tierField = new Regex(@"^(?:input|output)_cost_per_token_above_(\d+)k_tokens$", RegexOptions.CultureInvariant);

        private readonly ModelRegistry _registry;

        public LiteLlmImporter(ModelRegistry registry)
        {
            _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        }

        public LiteLlmImportResult Import(string liteLlmJsonPath, bool dryRun = false)
        {
            if (string.IsNullOrWhiteSpace(liteLlmJsonPath)) throw new TelemetryValidationException("path", liteLlmJsonPath, "give the path of a model_prices_and_context_window.json");
            if (_registry.OverridesPath is null && !dryRun)
                throw new TelemetryException(TelemetryErrorCode.ConfigurationError, "the registry has no override file to import into; load one with ModelRegistry.Load(path)");

            using var doc = Open(liteLlmJsonPath);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new TelemetryException(TelemetryErrorCode.ImportError, $"{liteLlmJsonPath}: expected an object of models keyed by name", liteLlmJsonPath, TelemetryOperation.Read);

            var keysInFile = new HashSet<string>(StringComparer.Ordinal);
            var candidates = new List<(string Key, ModelInfo Model)>();
            int skipped = 0;
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!keysInFile.Add(property.Name)) { skipped++; continue; }
                var converted = Convert(property.Name, property.Value);
                if (converted is null) skipped++;
                else candidates.Add((property.Name, converted));
            }

            var models = _registry.Models;
            var byId = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
            var byAlias = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
            var byPrimaryKey = new Dictionary<string, ModelInfo>(StringComparer.Ordinal);
            foreach (var m in models)
            {
                byId[m.Id] = m;
                foreach (var a in m.Aliases) if (!byAlias.ContainsKey(a)) byAlias[a] = m;
                if (m.LiteLlmKeys.Count > 0 && !byPrimaryKey.ContainsKey(m.LiteLlmKeys[0])) byPrimaryKey[m.LiteLlmKeys[0]] = m;
            }

            // Entries that are the source of a known model are placed first, so that when two keys would land on one
            // id ("gemini/gemini-flash-latest" and "gemini-flash-latest"), the same one wins in every import.
            var ordered = candidates.Where(c => byPrimaryKey.ContainsKey(c.Key))
                .Concat(candidates.Where(c => !byPrimaryKey.ContainsKey(c.Key))).ToList();
            var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var writes = new List<ModelInfo>();
            var added = new List<string>();
            var changed = new List<string>();
            int unchanged = 0;
            foreach (var (key, imported) in ordered)
            {
                ModelInfo? existing;
                string id;
                if (byPrimaryKey.TryGetValue(key, out var source))
                {
                    existing = source;
                    id = source.Id;
                }
                else
                {
                    id = ImportId(key, imported.Provider, keysInFile);
                    existing = byId.TryGetValue(id, out var sameId) ? sameId : null;
                }
                if (!taken.Add(id)) { skipped++; continue; }

                if (existing != null)
                {
                    var merged = Merge(existing, imported);
                    if (Same(merged, existing)) unchanged++;
                    else
                    {
                        changed.Add(existing.Id);
                        writes.Add(merged);
                        byId[existing.Id] = merged;
                    }
                    continue;
                }

                // A key that is only an alias of a known model (a dated name) adds nothing when its figures agree.
                if (byAlias.TryGetValue(id, out var aliased) || byAlias.TryGetValue(key, out aliased))
                {
                    var current = byId.TryGetValue(aliased.Id, out var latest) ? latest : aliased;
                    if (Same(Merge(current, imported), current)) { unchanged++; continue; }
                }
                var fresh = imported with { Id = id, Origin = ModelOrigins.Override };
                added.Add(id);
                writes.Add(fresh);
                byId[id] = fresh;
            }

            if (!dryRun && writes.Count > 0) _registry.Upsert(writes);
            return new LiteLlmImportResult
            {
                Added = added.Count,
                Changed = changed.Count,
                Unchanged = unchanged,
                Skipped = skipped,
                AddedIds = added,
                ChangedIds = changed,
                OverridesPath = _registry.OverridesPath,
                DryRun = dryRun,
            };
        }

        private static JsonDocument Open(string path)
        {
            byte[] bytes;
            try
            {
                bytes = ModelFile.WithoutBom(File.ReadAllBytes(path));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Read, path, ex);
            }
            try
            {
                return JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException ex)
            {
                throw new TelemetryException(TelemetryErrorCode.ImportError,
                    $"{path}: line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}: not valid JSON", path, TelemetryOperation.Read, ex);
            }
        }

        // "gemini/gemini-2.5-pro" is stored as "gemini-2.5-pro" (what the Gemini API reports), unless the file also has
        // that shorter key itself; routes through another provider ("openrouter/…", "bedrock/…") keep their full key.
        private static string ImportId(string key, string provider, HashSet<string> keysInFile)
        {
            foreach (var p in s_directProviders)
            {
                if (string.Equals(provider, p, StringComparison.Ordinal) && key.StartsWith(p + "/", StringComparison.Ordinal))
                {
                    var bare = key.Substring(p.Length + 1);
                    return keysInFile.Contains(bare) ? key : bare;
                }
            }
            return key;
        }

        // Identity (id, provider, aliases, sources) stays; limits, capabilities and the undated price list come from the
        // import; dated price lists a user added stay; a correction the built-in list made is not undone.
        private static ModelInfo Merge(ModelInfo existing, ModelInfo imported)
        {
            var price = imported.Prices[0];
            if (existing.Corrections.Count > 0) price = ApplyCorrections(price, existing.Corrections);
            var prices = existing.Prices.Where(p => p.EffectiveFrom != null).Prepend(price)
                .OrderBy(p => p.EffectiveFrom ?? DateTimeOffset.MinValue).ToList();
            return existing with
            {
                ContextWindow = imported.ContextWindow,
                MaxOutputTokens = imported.MaxOutputTokens,
                SupportsVision = imported.SupportsVision,
                SupportsTools = imported.SupportsTools,
                SupportsReasoning = imported.SupportsReasoning,
                SupportsPromptCaching = imported.SupportsPromptCaching,
                Prices = prices,
                Origin = ModelOrigins.Override,
            };
        }

        private static ModelPrice ApplyCorrections(ModelPrice price, IReadOnlyList<PriceCorrection> corrections)
        {
            foreach (var c in corrections)
            {
                price = c.Field switch
                {
                    "input" when Near(price.Input, c.LiteLlm) => price with { Input = c.Used },
                    "output" when Near(price.Output, c.LiteLlm) => price with { Output = c.Used },
                    "cache_write_5m" when Near(price.CacheWrite5m, c.LiteLlm) => price with { CacheWrite5m = c.Used },
                    "cache_write_1h" when Near(price.CacheWrite1h, c.LiteLlm) => price with { CacheWrite1h = c.Used },
                    "cache_read" when Near(price.CacheRead, c.LiteLlm) => price with { CacheRead = c.Used },
                    _ => price,
                };
            }
            return price;
        }

        private static bool Near(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(b));

        private static bool Same(ModelInfo a, ModelInfo b)
        {
            var ctx = ModelFileJsonContext.Default.ModelEntry;
            return JsonSerializer.Serialize(ModelFile.ToEntry(a), ctx) == JsonSerializer.Serialize(ModelFile.ToEntry(b), ctx);
        }

        /// <summary>One LiteLLM entry as a model, or null when it is not a priced chat model.</summary>
        internal static ModelInfo? Convert(string key, JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Object) return null;
            var mode = String(e, "mode");
            if (mode != "chat" && mode != "responses") return null;
            var inputPerToken = Number(e, "input_cost_per_token");
            var outputPerToken = Number(e, "output_cost_per_token");
            if (inputPerToken is null || outputPerToken is null) return null;

            bool claude = PriceRules.IsClaude(key);
            double input = PriceRules.PerMillion(inputPerToken.Value);
            double output = PriceRules.PerMillion(outputPerToken.Value);
            double? rawRead = PerMillion(e, "cache_read_input_token_cost");
            double? rawWrite5m = PerMillion(e, "cache_creation_input_token_cost");
            double? read = rawRead, write5m = rawWrite5m, write1h = PerMillion(e, "cache_creation_input_token_cost_above_1hr");
            PriceRules.Complete(claude, input, ref read, ref write5m, ref write1h);

            var tiers = new List<PriceTier>();
            var thresholds = new SortedSet<long>();
            foreach (var p in e.EnumerateObject())
            {
                var m = s_tierField.Match(p.Name);
                if (m.Success) thresholds.Add(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
            foreach (var k in thresholds)
            {
                var suffix = "_above_" + k.ToString(CultureInfo.InvariantCulture) + "k_tokens";
                double tin = PerMillion(e, "input_cost_per_token" + suffix) ?? input;
                double tout = PerMillion(e, "output_cost_per_token" + suffix) ?? output;
                double? tread = PerMillion(e, "cache_read_input_token_cost" + suffix) ?? rawRead;
                double? twrite5m = PerMillion(e, "cache_creation_input_token_cost" + suffix) ?? rawWrite5m;
                double? twrite1h = PerMillion(e, "cache_creation_input_token_cost_above_1hr" + suffix);
                PriceRules.Complete(claude, tin, ref tread, ref twrite5m, ref twrite1h);
                tiers.Add(new PriceTier
                {
                    AbovePromptTokens = k * 1000,
                    Input = tin,
                    Output = tout,
                    CacheRead = tread!.Value,
                    CacheWrite5m = twrite5m!.Value,
                    CacheWrite1h = twrite1h!.Value,
                });
            }

            var provider = String(e, "litellm_provider") ?? "";
            return new ModelInfo
            {
                Id = key,
                Provider = provider,
                ContextWindow = Limit(e, "max_input_tokens") ?? Limit(e, "max_tokens"),
                MaxOutputTokens = Limit(e, "max_output_tokens") ?? Limit(e, "max_tokens"),
                SupportsVision = Flag(e, "supports_vision"),
                SupportsTools = Flag(e, "supports_function_calling"),
                SupportsReasoning = Flag(e, "supports_reasoning"),
                SupportsPromptCaching = Flag(e, "supports_prompt_caching"),
                LiteLlmKeys = new[] { key },
                Origin = ModelOrigins.Override,
                Prices = new[]
                {
                    new ModelPrice
                    {
                        Input = input,
                        Output = output,
                        CacheRead = read!.Value,
                        CacheWrite5m = write5m!.Value,
                        CacheWrite1h = write1h!.Value,
                        ReasoningOutput = PerMillion(e, "output_cost_per_reasoning_token"),
                        Tiers = tiers,
                    },
                },
            };
        }

        private static string? String(JsonElement e, string name)
        {
            return e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }

        private static double? Number(JsonElement e, string name)
        {
            return e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d >= 0 ? d : (double?)null;
        }

        private static double? PerMillion(JsonElement e, string name)
        {
            var d = Number(e, name);
            return d is null ? (double?)null : PriceRules.PerMillion(d.Value);
        }

        private static bool Flag(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

        // LiteLLM writes limits as integers; anything else (a float, a description in sample_spec, 0) is no limit.
        private static int? Limit(JsonElement e, string name)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number) return null;
            var raw = v.GetRawText();
            if (raw.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0) return null;
            return v.TryGetInt32(out var n) && n > 0 ? n : (int?)null;
        }
    }
}
