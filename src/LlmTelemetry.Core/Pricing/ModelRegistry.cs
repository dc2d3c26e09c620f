using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using LlmTelemetry.Configuration;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// The models and prices LlmTelemetry knows: the built-in list (from LiteLLM, shipped in the assembly) with the
    /// user's override file merged over it. Safe to share between threads; changes through <see cref="SetModel"/>
    /// or <see cref="SetPrice"/> are written to the override file and seen at once by every user of this instance.
    /// </summary>
    /// <remarks>
    /// The override file has the built-in list's format; every field but "id" may be left out and is then taken from
    /// the built-in model of that id. Prices are USD per million tokens; missing cache rates follow <see cref="PriceRules"/>.
    /// <code>
    /// { "models": [
    ///   { "id": "claude-sonnet-4-5", "prices": [
    ///       { "input": 3, "output": 15 },
    ///       { "effective_from": "2026-06-01", "input": 2.5, "output": 12.5, "cache_write_5m": 3.125, "cache_write_1h": 5, "cache_read": 0.25,
    ///         "tiers": [ { "above_prompt_tokens": 200000, "input": 5, "output": 18.75 } ] } ] },
    ///   { "id": "my-local-model", "provider": "ollama", "aliases": ["house"], "prices": [ { "input": 0, "output": 0 } ] } ] }
    /// </code>
    /// </remarks>
    public sealed class ModelRegistry
    {
        internal const string BuiltInResourceName = "LlmTelemetry.Pricing.BuiltInModels.json";
        private const string BuiltInPath = "(built-in " + BuiltInResourceName + ")";

        private static readonly Lazy<ModelRegistry> s_default =
            new Lazy<ModelRegistry>(() => Load(ConfigPaths.ModelOverridesFile), LazyThreadSafetyMode.ExecutionAndPublication);

        private static readonly Lazy<BuiltIn> s_builtIn = new Lazy<BuiltIn>(ReadBuiltIn, LazyThreadSafetyMode.ExecutionAndPublication);

        // Providers a model id may be prefixed with ("anthropic/claude-…", "models/gemini-…" from the Gemini API).
        private static readonly HashSet<string> s_providerPrefixes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "anthropic", "openai", "openrouter", "google", "gemini", "vertex_ai", "vertex", "models", "mistral",
            "mistralai", "deepseek", "xai", "x-ai", "azure", "bedrock",
        };

        private static readonly Regex s_dateSuffix = new Regex(
            @"^(?<base>.+?)(?:-20\d\d(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])|-20\d\d-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])|@20\d\d(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]))$",
            RegexOptions.CultureInvariant);

        private readonly object _writeGate = new object();
        private volatile Snapshot _snapshot;

        private ModelRegistry(string? overridesPath)
        {
            OverridesPath = overridesPath is null ? null : Path.GetFullPath(overridesPath);
            _snapshot = BuildSnapshot(ReadOverrides());
        }

        /// <summary>Built-ins plus the user's override file (<see cref="ConfigPaths.ModelOverridesFile"/>), loaded on first use.</summary>
        public static ModelRegistry Default => s_default.Value;

        /// <summary>Only the shipped models; no override file is read, and changes cannot be saved.</summary>
        public static ModelRegistry LoadBuiltIn() => new ModelRegistry(null);

        /// <summary>The shipped models with the override file at <paramref name="overridesPath"/> merged over them (null: built-ins only).</summary>
        public static ModelRegistry Load(string? overridesPath) => new ModelRegistry(overridesPath);

        /// <summary>The override file this registry reads and writes; null for <see cref="LoadBuiltIn"/>.</summary>
        public string? OverridesPath { get; }

        /// <summary>Where the built-in prices come from, e.g. "LiteLLM model_prices_and_context_window.json @ 00035b69 (2026-07-18)".</summary>
        public static string BuiltInSource => s_builtIn.Value.SourceDescription;

        /// <summary>Every model in force: the built-ins not replaced by an override, then the overrides.</summary>
        public IReadOnlyList<ModelInfo> Models => _snapshot.Models;

        /// <summary>Problems met while loading (a malformed override file, a bad entry in it); the built-ins work regardless.</summary>
        public IReadOnlyList<string> LoadWarnings => _snapshot.Warnings;

        /// <summary>
        /// Finds a model, case-insensitively, by: exact id; alias ("sonnet", "claude-sonnet-4-5-20250929"); the same
        /// after removing provider prefixes ("anthropic/", "openrouter/"); the same after removing a date suffix
        /// (-YYYYMMDD, -YYYY-MM-DD, @YYYYMMDD). An ambiguous or unknown name is not found; nothing is guessed.
        /// </summary>
        public ModelResolution Resolve(string? modelOrAlias)
        {
            var requested = modelOrAlias ?? "";
            var name = requested.Trim();
            if (name.Length == 0) return NotFound(requested, "no model name");
            var snapshot = _snapshot;

            var hit = snapshot.Lookup(requested, name, ResolutionMethod.ExactId);
            if (hit != null) return hit;

            var current = name;
            while (TryRemovePrefix(current, out var rest))
            {
                current = rest;
                hit = snapshot.Lookup(requested, current, ResolutionMethod.ProviderPrefixRemoved);
                if (hit != null) return hit;
            }

            var m = s_dateSuffix.Match(current);
            if (m.Success)
            {
                hit = snapshot.Lookup(requested, m.Groups["base"].Value, ResolutionMethod.DateSuffixRemoved);
                if (hit != null) return hit;
            }
            return NotFound(requested, $"unknown model '{requested}'");
        }

        /// <summary>Adds a model or replaces the one with the same id (built-in or not), saved to the override file.</summary>
        public ModelInfo SetModel(ModelInfo model)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (string.IsNullOrWhiteSpace(model.Id)) throw new TelemetryValidationException("model.Id", model.Id, "a model needs an id");
            var stored = model with { Id = model.Id.Trim(), Origin = ModelOrigins.Override };
            Upsert(new[] { stored });
            return Resolve(stored.Id).Model ?? stored;
        }

        /// <summary>
        /// Adds a price list to a known model, or replaces its list with the same EffectiveFrom (null: the undated one),
        /// saved to the override file. Give a later EffectiveFrom to record a price change without repricing the past.
        /// </summary>
        public ModelInfo SetPrice(string modelOrAlias, ModelPrice price)
        {
            if (price is null) throw new ArgumentNullException(nameof(price));
            var resolution = Resolve(modelOrAlias);
            var model = resolution.Model ?? throw new TelemetryException(TelemetryErrorCode.PricingError,
                (resolution.Explanation ?? $"unknown model '{modelOrAlias}'") + "; add it with SetModel first");
            var prices = model.Prices.Where(p => p.EffectiveFrom != price.EffectiveFrom).Append(price)
                .OrderBy(p => p.EffectiveFrom ?? DateTimeOffset.MinValue).ToList();
            return SetModel(model with { Prices = prices });
        }

        /// <summary>
        /// Decides what setting <paramref name="request"/>'s price means, without writing: a name the registry resolves
        /// updates that model (its list with the same EffectiveFrom is replaced), any other name adds a model, which then
        /// needs a provider. Missing cache rates follow Claude's rules when <see cref="PriceRules.IsClaude"/> says the
        /// model is Claude, whoever serves it (Bedrock and Vertex bill Anthropic's multipliers too), else the plain rules.
        /// </summary>
        /// <exception cref="TelemetryValidationException">No model name, a rate that is negative or not finite, a
        /// context window below 1, or a new model without a provider (each names its field).</exception>
        public ModelPricePlan PlanPrice(ModelPriceRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            string name = request.Model?.Trim() ?? "";
            if (name.Length == 0) throw new TelemetryValidationException("model", request.Model, "is empty");
            Rate("input_per_million", request.InputPerMillion);
            Rate("output_per_million", request.OutputPerMillion);
            Rate("cache_write_5m_per_million", request.CacheWrite5mPerMillion);
            Rate("cache_write_1h_per_million", request.CacheWrite1hPerMillion);
            Rate("cache_read_per_million", request.CacheReadPerMillion);
            if (request.ContextWindow is int window && window < 1)
                throw new TelemetryValidationException("context_window", window.ToString(CultureInfo.InvariantCulture), "must be at least 1");

            var resolution = Resolve(name);
            var known = resolution.Model;
            string? provider = string.IsNullOrWhiteSpace(request.Provider) ? known?.Provider : request.Provider!.Trim();
            if (string.IsNullOrEmpty(provider))
                throw new TelemetryValidationException("provider", null, $"is required to add '{name}', a model the registry does not know");
            string id = known?.Id ?? name;
            var price = ModelPrice.Create(request.InputPerMillion, request.OutputPerMillion, request.CacheWrite5mPerMillion,
                request.CacheWrite1hPerMillion, request.CacheReadPerMillion, request.EffectiveFrom, claudeCacheRules: PriceRules.IsClaude(id));

            // ModelPrice.Create makes a list without tiers or a reasoning rate, so replacing one that had them loses them.
            var warnings = new List<string>();
            var replaced = known?.Prices.FirstOrDefault(p => p.EffectiveFrom == request.EffectiveFrom);
            if (replaced is { Tiers.Count: > 0 })
                warnings.Add($"The long-context rates of {id}'s replaced price (above {replaced.Tiers.Min(t => t.AbovePromptTokens).ToString("N0", CultureInfo.InvariantCulture)} prompt tokens) are not kept; long prompts are billed at the new rates.");
            if (replaced is { ReasoningOutput: double reasoning })
                warnings.Add($"The separate reasoning rate of {id}'s replaced price ({PerMillion(reasoning)} per million tokens) is not kept; reasoning is billed as output.");

            string when = request.EffectiveFrom is { } f ? "from " + f.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "always";
            string rates = $"{PerMillion(request.InputPerMillion)} in / {PerMillion(request.OutputPerMillion)} out per million tokens, {when}, in {OverridesPath}";
            return new ModelPricePlan
            {
                Id = id,
                Provider = provider!,
                IsNew = known is null,
                Price = price,
                ContextWindow = request.ContextWindow,
                Resolution = resolution.IsIndirect ? resolution.Explanation : null,
                Description = known is null ? $"Add model ({provider}) priced {rates}" : $"Set price {rates}",
                Warnings = warnings,
                Known = known,
            };
        }

        /// <summary>Saves a plan from <see cref="PlanPrice"/> to the override file; returns the model as the registry now has it.</summary>
        public ModelPriceChange SavePrice(ModelPricePlan plan)
        {
            if (plan is null) throw new ArgumentNullException(nameof(plan));
            ModelInfo saved;
            if (plan.Known is null)
            {
                saved = SetModel(new ModelInfo { Id = plan.Id, Provider = plan.Provider, ContextWindow = plan.ContextWindow, Prices = new[] { plan.Price } });
            }
            else
            {
                saved = SetPrice(plan.Id, plan.Price);
                bool moved = !string.Equals(saved.Provider, plan.Provider, StringComparison.Ordinal);
                if (moved || (plan.ContextWindow is int c && c != saved.ContextWindow))
                    saved = SetModel(saved with { Provider = plan.Provider, ContextWindow = plan.ContextWindow ?? saved.ContextWindow });
            }
            return new ModelPriceChange { Model = saved, Added = plan.Known is null, Warnings = plan.Warnings };
        }

        /// <summary>
        /// The models <paramref name="request"/> names, each once, by provider then id. An exact name resolves as pricing
        /// does (alias, provider prefix, date suffix); a name with * or ? matches ids and aliases; providers filter both.
        /// </summary>
        public ModelList List(ModelListRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var providers = request.Providers.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => new WildcardPattern(p)).ToList();
            bool OfProvider(ModelInfo m) => providers.Count == 0 || providers.Any(p => p.IsMatch(m.Provider));
            var names = request.Names.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
            var found = new List<ModelInfo>();
            var resolved = new List<ModelResolution>();
            var notFound = new List<ModelResolution>();
            if (names.Count == 0) found.AddRange(Models.Where(OfProvider));
            foreach (var name in names)
            {
                var pattern = new WildcardPattern(name);
                if (pattern.HasWildcards)
                {
                    found.AddRange(Models.Where(m => OfProvider(m) && (pattern.IsMatch(m.Id) || m.Aliases.Any(pattern.IsMatch))));
                    continue;
                }
                var resolution = Resolve(name);
                if (resolution.Model is not { } model) { notFound.Add(resolution); continue; }
                if (resolution.IsIndirect) resolved.Add(resolution);
                if (OfProvider(model)) found.Add(model);
            }
            // Case-insensitive as the patterns are; ordinal last, so ids differing only in case still have one order.
            var models = found.GroupBy(m => m.Id, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
                .OrderBy(m => m.Provider, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id, StringComparer.OrdinalIgnoreCase)
                .ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
            return new ModelList { Models = models, Resolved = resolved, NotFound = notFound };
        }

        private static void Rate(string field, double? perMillion)
        {
            if (perMillion is double v && (double.IsNaN(v) || double.IsInfinity(v) || v < 0))
                throw new TelemetryValidationException(field, v.ToString("R", CultureInfo.InvariantCulture), "must be a finite number, 0 or more");
        }

        private static string PerMillion(double usd) => "$" + usd.ToString("0.#####", CultureInfo.InvariantCulture);

        /// <summary>Removes a model's override entry (a built-in model reverts to the shipped figures). False if there was none.</summary>
        public bool RemoveOverride(string id)
        {
            lock (_writeGate)
            {
                var (doc, _) = ReadOverridesForWrite();
                var models = doc.Models ?? new List<ModelEntry>();
                int removed = models.RemoveAll(e => string.Equals(e.Id?.Trim(), id?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (removed == 0) return false;
                Save(doc);
                return true;
            }
        }

        /// <summary>Writes several models to the override file in one atomic replace (the LiteLLM import).</summary>
        internal void Upsert(IReadOnlyList<ModelInfo> models)
        {
            lock (_writeGate)
            {
                var (doc, _) = ReadOverridesForWrite();
                var entries = doc.Models ??= new List<ModelEntry>();
                foreach (var model in models)
                {
                    var entry = ModelFile.ToEntry(model);
                    int at = entries.FindIndex(e => string.Equals(e.Id?.Trim(), model.Id, StringComparison.OrdinalIgnoreCase));
                    if (at >= 0) entries[at] = entry;
                    else entries.Add(entry);
                }
                Save(doc);
            }
        }

        private void Save(ModelFileDocument doc)
        {
            doc.Schema ??= 1;
            var text = ModelFile.Serialize(doc);
            ModelFile.WriteAtomic(OverridesPath!, text);
            _snapshot = BuildSnapshot(ReadOverrides());
        }

        // Re-read from disk under the lock: another process may have changed the file since this registry loaded it.
        private (ModelFileDocument Doc, byte[] Bytes) ReadOverridesForWrite()
        {
            if (OverridesPath is null)
                throw new TelemetryException(TelemetryErrorCode.ConfigurationError,
                    "this registry has no override file (it was loaded with LoadBuiltIn); load one with ModelRegistry.Load(path)");
            if (!File.Exists(OverridesPath)) return (new ModelFileDocument { Schema = 1, Models = new List<ModelEntry>() }, Array.Empty<byte>());
            byte[] bytes;
            try
            {
                bytes = ModelFile.WithoutBom(File.ReadAllBytes(OverridesPath));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Read, OverridesPath, ex);
            }
            if (IsBlank(bytes)) return (new ModelFileDocument { Schema = 1, Models = new List<ModelEntry>() }, bytes);
            try
            {
                return (ModelFile.Parse(bytes, OverridesPath), bytes);
            }
            catch (TelemetryException ex)
            {
                // Never overwrite a file the user can still fix by hand: it may hold their only copy of a price.
                throw new TelemetryException(TelemetryErrorCode.ConfigurationError,
                    "not saving: fix or remove the override file first. " + ex.Message, OverridesPath, TelemetryOperation.Write, ex);
            }
        }

        private OverrideLoad ReadOverrides()
        {
            var load = new OverrideLoad();
            if (OverridesPath is null || !File.Exists(OverridesPath)) return load;
            byte[] bytes;
            try
            {
                bytes = ModelFile.WithoutBom(File.ReadAllBytes(OverridesPath));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                load.Warnings.Add(TelemetryException.ForIo(TelemetryOperation.Read, OverridesPath, ex).Message + " (using the built-in models only)");
                return load;
            }
            if (IsBlank(bytes)) return load;
            ModelFileDocument doc;
            try
            {
                doc = ModelFile.Parse(bytes, OverridesPath);
            }
            catch (TelemetryException ex)
            {
                load.Warnings.Add(ex.Message + " (the override file is ignored; using the built-in models only)");
                return load;
            }
            var builtIn = s_builtIn.Value;
            load.Models.AddRange(ModelFile.ToModels(doc, bytes, OverridesPath, ModelOrigins.Override, builtIn.BaseFor,
                ex => load.Warnings.Add(ex.Message + " (this entry is ignored)")));
            return load;
        }

        private static bool IsBlank(byte[] bytes) => bytes.All(b => b == ' ' || b == '\t' || b == '\r' || b == '\n');

        private static Snapshot BuildSnapshot(OverrideLoad overrides)
        {
            var builtIn = s_builtIn.Value;
            var overrideModels = new List<ModelInfo>();
            var overrideIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            // The last entry for an id wins, as a user appending a corrected entry by hand would expect.
            for (int i = overrides.Models.Count - 1; i >= 0; i--)
            {
                if (overrideIds.Add(overrides.Models[i].Id)) overrideModels.Insert(0, overrides.Models[i]);
            }
            var models = builtIn.Models.Where(m => !overrideIds.Contains(m.Id)).Concat(overrideModels).ToList();
            return new Snapshot(models, overrideModels, overrides.Warnings);
        }

        private static BuiltIn ReadBuiltIn()
        {
            var assembly = typeof(ModelRegistry).GetTypeInfo().Assembly;
            using var stream = assembly.GetManifestResourceStream(BuiltInResourceName)
                ?? throw new TelemetryException(TelemetryErrorCode.PricingError, $"the built-in model list {BuiltInResourceName} is missing from {assembly.GetName().Name}");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var doc = ModelFile.Parse(bytes, BuiltInPath);
            var models = ModelFile.ToModels(doc, bytes, BuiltInPath, ModelOrigins.BuiltIn, _ => null, ex => throw ex);
            var s = doc.Source;
            var description = s is null
                ? "built-in"
                : $"{s.Name} @ {(s.Commit is { Length: > 8 } c ? c.Substring(0, 8) : s.Commit)} ({s.Date})";
            return new BuiltIn(models, description);
        }

        private static bool TryRemovePrefix(string name, out string rest)
        {
            int slash = name.IndexOf('/');
            if (slash > 0 && slash < name.Length - 1 && s_providerPrefixes.Contains(name.Substring(0, slash)))
            {
                rest = name.Substring(slash + 1);
                return true;
            }
            rest = name;
            return false;
        }

        private static ModelResolution NotFound(string requested, string why)
        {
            return new ModelResolution { Requested = requested, Method = ResolutionMethod.NotFound, Explanation = why };
        }

        private sealed class OverrideLoad
        {
            public List<ModelInfo> Models { get; } = new List<ModelInfo>();
            public List<string> Warnings { get; } = new List<string>();
        }

        private sealed class BuiltIn
        {
            private readonly Dictionary<string, ModelInfo> _byId;
            private readonly Dictionary<string, ModelInfo> _byAlias;

            public BuiltIn(List<ModelInfo> models, string sourceDescription)
            {
                Models = models;
                SourceDescription = sourceDescription;
                _byId = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
                _byAlias = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
                foreach (var m in models)
                {
                    _byId[m.Id] = m;
                    foreach (var a in m.Aliases) _byAlias[a] = m;
                }
            }

            public IReadOnlyList<ModelInfo> Models { get; }
            public string SourceDescription { get; }

            // An override entry fills its gaps from the built-in model of the same id, or else the one it is an alias of.
            public ModelInfo? BaseFor(string id)
            {
                return _byId.TryGetValue(id, out var m) ? m : _byAlias.TryGetValue(id, out var a) ? a : null;
            }
        }

        private sealed class Snapshot
        {
            private readonly Dictionary<string, ModelInfo> _byId = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, List<ModelInfo>> _byAlias = new Dictionary<string, List<ModelInfo>>(StringComparer.OrdinalIgnoreCase);

            public Snapshot(IReadOnlyList<ModelInfo> models, IReadOnlyList<ModelInfo> overrides, IReadOnlyList<string> warnings)
            {
                Models = models;
                Warnings = warnings;
                foreach (var m in models) _byId[m.Id] = m;
                // An override's alias takes the name from a built-in ("sonnet" pointed at a user's newer model);
                // two models of the same layer claiming one alias make it ambiguous.
                var claimedByOverride = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var m in overrides)
                {
                    foreach (var a in m.Aliases.Distinct(StringComparer.OrdinalIgnoreCase))
                    {
                        claimedByOverride.Add(a);
                        Add(a, m);
                    }
                }
                foreach (var m in models.Where(x => x.Origin == ModelOrigins.BuiltIn))
                {
                    foreach (var a in m.Aliases.Distinct(StringComparer.OrdinalIgnoreCase))
                    {
                        if (!claimedByOverride.Contains(a)) Add(a, m);
                    }
                }
            }

            public IReadOnlyList<ModelInfo> Models { get; }
            public IReadOnlyList<string> Warnings { get; }

            public ModelResolution? Lookup(string requested, string name, ResolutionMethod how)
            {
                if (_byId.TryGetValue(name, out var exact))
                {
                    return Found(requested, exact, how, how == ResolutionMethod.ExactId ? null : how);
                }
                if (_byAlias.TryGetValue(name, out var list))
                {
                    if (list.Count > 1)
                    {
                        var ids = list.Select(m => m.Id).ToList();
                        return new ModelResolution
                        {
                            Requested = requested,
                            Method = ResolutionMethod.Ambiguous,
                            Candidates = ids,
                            Explanation = $"'{requested}' is ambiguous: it is an alias of {string.Join(", ", ids)}",
                        };
                    }
                    return Found(requested, list[0], how == ResolutionMethod.ExactId ? ResolutionMethod.Alias : how, ResolutionMethod.Alias);
                }
                return null;
            }

            private static ModelResolution Found(string requested, ModelInfo model, ResolutionMethod method, ResolutionMethod? via)
            {
                string? explanation = via switch
                {
                    null => $"'{requested}' is {model.Id}",
                    ResolutionMethod.Alias when method == ResolutionMethod.Alias => $"resolved '{requested}' to {model.Id} (alias)",
                    ResolutionMethod.Alias => $"resolved '{requested}' to {model.Id} ({Words(method)}, then alias)",
                    _ => $"resolved '{requested}' to {model.Id} ({Words(method)})",
                };
                return new ModelResolution { Requested = requested, Model = model, Method = method, Explanation = explanation };
            }

            private static string Words(ResolutionMethod method) => method switch
            {
                ResolutionMethod.ProviderPrefixRemoved => "provider prefix removed",
                ResolutionMethod.DateSuffixRemoved => "date suffix removed",
                _ => "alias",
            };

            private void Add(string alias, ModelInfo model)
            {
                if (!_byAlias.TryGetValue(alias, out var list)) _byAlias[alias] = list = new List<ModelInfo>();
                if (!list.Any(m => string.Equals(m.Id, model.Id, StringComparison.OrdinalIgnoreCase))) list.Add(model);
            }
        }
    }
}
