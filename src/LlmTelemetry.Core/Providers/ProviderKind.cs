namespace LlmTelemetry.Providers
{
    /// <summary>The wire protocols the client speaks. OpenRouter and local servers speak OpenAI's, with their own base URI and key.</summary>
    public enum ProviderKind
    {
        Anthropic,
        OpenAI,
        OpenRouter,
        OpenAICompatible,
    }
}
