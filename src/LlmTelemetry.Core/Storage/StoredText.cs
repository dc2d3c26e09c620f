namespace LlmTelemetry.Storage
{
    /// <summary>A call's prompt and response text as the store kept them; either is null when it was not kept.</summary>
    public sealed class StoredText
    {
        public StoredText(string? prompt, string? response)
        {
            Prompt = prompt;
            Response = response;
        }

        public string? Prompt { get; }
        public string? Response { get; }
    }
}
