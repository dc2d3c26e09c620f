namespace LlmTelemetry.Providers
{
    /// <summary>
    /// A tokenizer-free estimate: about 4 characters a token for English text and code with the BPE tokenizers
    /// Claude and GPT use. Good enough to decide whether a prompt clears a cache minimum, and for servers that report no usage.
    /// </summary>
    internal static class TokenEstimator
    {
        public static long Estimate(string? text) => string.IsNullOrEmpty(text) ? 0 : (text!.Length + 3) / 4;
    }
}
