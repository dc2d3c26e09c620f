
namespace LlmTelemetry.Pricing
{
    /// <summary>How a requested name was matched; the order the registry tries them in.</summary>
    public enum ResolutionMethod
    {
        NotFound,
        Ambiguous,
        ExactId,
        Alias,
        ProviderPrefixRemoved,
        DateSuffixRemoved,
    }
}
