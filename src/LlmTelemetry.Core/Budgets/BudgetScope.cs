using System;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;

namespace LlmTelemetry.Budgets
{
    /// <summary>
    /// What a budget counts. Its text form is "all" or "kind:value" ("project:spacewalker"), as stored and as
    /// `budget list --json` shows it. The value matches as the report filters do: case-insensitively, wildcards allowed.
    /// </summary>
    public sealed record BudgetScope
    {
        public static readonly BudgetScope All = new BudgetScope(BudgetScopeKind.All, null);

        public BudgetScope(BudgetScopeKind kind, string? value)
        {
            if (!Enum.IsDefined(typeof(BudgetScopeKind), kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a scope kind");
            if (kind == BudgetScopeKind.All)
            {
                if (!string.IsNullOrEmpty(value)) throw new TelemetryValidationException("scope", value, "'all' takes no value");
                Value = null;
            }
            else
            {
                if (value is null || value.Trim().Length == 0)
                    throw new TelemetryValidationException(Name(kind), value ?? "", "is empty; name the " + Name(kind) + " the budget is for");
                Value = value.Trim();
            }
            Kind = kind;
        }

        public BudgetScopeKind Kind { get; }
        public string? Value { get; }

        public static BudgetScope Project(string name) => new BudgetScope(BudgetScopeKind.Project, name);
        public static BudgetScope Agent(string name) => new BudgetScope(BudgetScopeKind.Agent, name);
        public static BudgetScope Model(string name) => new BudgetScope(BudgetScopeKind.Model, name);
        public static BudgetScope Provider(string name) => new BudgetScope(BudgetScopeKind.Provider, name);
        public static BudgetScope Source(string name) => new BudgetScope(BudgetScopeKind.Source, name);

        /// <summary>
        /// The scope front ends bind from their options (-Project, --agent, …): none is everything, one is that scope,
        /// two are an error naming the second (a budget has one scope). Errors name the field as given in
        /// <paramref name="fieldNames"/>' spelling: kind → "project", or "--project" for the CLI.
        /// </summary>
        public static BudgetScope FromOptions(string? project, string? agent, string? model, string? provider, string? source, Func<BudgetScopeKind, string>? fieldNames = null)
        {
            var name = fieldNames ?? Name;
            BudgetScope? scope = null;
            foreach (var (kind, value) in new[] { (BudgetScopeKind.Project, project), (BudgetScopeKind.Agent, agent), (BudgetScopeKind.Model, model), (BudgetScopeKind.Provider, provider), (BudgetScopeKind.Source, source) })
            {
                if (value is null) continue;
                if (scope is not null)
                    throw new TelemetryValidationException(name(kind), value, $"cannot be combined with {name(scope.Kind)}; a budget has one scope");
                if (value.Trim().Length == 0) throw new TelemetryValidationException(name(kind), value, "is empty; name the " + Name(kind) + " the budget is for");
                scope = new BudgetScope(kind, value);
            }
            return scope ?? All;
        }

        /// <summary>"all", "project:spacewalker"; anything else is an error naming <paramref name="field"/>.</summary>
        public static BudgetScope Parse(string text, string field = "scope")
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var t = text.Trim();
            if (string.Equals(t, "all", StringComparison.OrdinalIgnoreCase)) return All;
            int colon = t.IndexOf(':');
            if (colon > 0)
            {
                string kind = t.Substring(0, colon).Trim();
                foreach (BudgetScopeKind k in Enum.GetValues(typeof(BudgetScopeKind)))
                {
                    if (k != BudgetScopeKind.All && string.Equals(Name(k), kind, StringComparison.OrdinalIgnoreCase))
                        return new BudgetScope(k, t.Substring(colon + 1));
                }
            }
            throw new TelemetryValidationException(field, text, "expected all, or project:, agent:, model:, provider: or source: and a name");
        }

        /// <summary>"project", "agent", …: the kind as it is written in the text form and on the command line.</summary>
        public static string Name(BudgetScopeKind kind) => kind.ToString().ToLowerInvariant();

        public override string ToString() => Kind == BudgetScopeKind.All ? "all" : Name(Kind) + ":" + Value;

        /// <summary>The records it counts, as the filter every cost report takes.</summary>
        internal RecordFilter Filter()
        {
            var one = Value is null ? null : new[] { Value };
            return Kind switch
            {
                BudgetScopeKind.Project => new RecordFilter { Projects = one },
                BudgetScopeKind.Agent => new RecordFilter { Agents = one },
                BudgetScopeKind.Model => new RecordFilter { Models = one },
                BudgetScopeKind.Provider => new RecordFilter { Providers = one },
                BudgetScopeKind.Source => new RecordFilter { Sources = one },
                _ => RecordFilter.All,
            };
        }

        /// <summary>Does a call with these fields count against it (the enforcement check, before the call is a record)?</summary>
        internal bool Covers(string? project, string? agent, string? model, string? provider, string? source)
        {
            string? field = Kind switch
            {
                BudgetScopeKind.Project => project,
                BudgetScopeKind.Agent => agent,
                BudgetScopeKind.Model => model,
                BudgetScopeKind.Provider => provider,
                BudgetScopeKind.Source => source,
                _ => null,
            };
            return Kind == BudgetScopeKind.All || new WildcardPattern(Value!).IsMatch(field);
        }
    }
}
