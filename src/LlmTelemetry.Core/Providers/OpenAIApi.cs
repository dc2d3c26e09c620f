namespace LlmTelemetry.Providers
{
    /// <summary>Which OpenAI endpoint an OpenAI-style provider calls.</summary>
    public enum OpenAIApi
    {
        /// <summary>POST /chat/completions: what OpenRouter and every OpenAI-compatible server implement.</summary>
        ChatCompletions,

        /// <summary>POST /responses: OpenAI only.</summary>
        Responses,
    }
}
