using System.Collections.Generic;

namespace LlmTelemetry.Pricing
{
    /// <summary>Which models to list: by name (exact names resolve as pricing does; * and ? match ids and aliases) and provider.</summary>
    public sealed record ModelListRequest
    {
        /// <summary>Empty: every model. Blank entries are ignored.</summary>
        public IReadOnlyList<string> Names { get; init; } = System.Array.Empty<string>();

        /// <summary>Provider patterns (* and ?, case-insensitive); empty: every provider.</summary>
        public IReadOnlyList<string> Providers { get; init; } = System.Array.Empty<string>();
    }
}
