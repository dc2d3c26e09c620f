using System.Text.Json.Serialization;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// Token counts of one call, normalised to one meaning for every provider:
    /// <see cref="Input"/> is input billed at the base rate (cache reads and writes excluded),
    /// <see cref="Reasoning"/> is the part of <see cref="Output"/> spent on reasoning, and
    /// <see cref="CacheCreation1hInput"/> is the part of <see cref="CacheCreationInput"/> written with the 1-hour lifetime.
    /// </summary>
    public sealed record TokenUsage
    {
        public static readonly TokenUsage Zero = new TokenUsage();

        [JsonPropertyName("input")] public long Input { get; init; }
        [JsonPropertyName("output")] public long Output { get; init; }
        [JsonPropertyName("cache_creation_input")] public long CacheCreationInput { get; init; }
        [JsonPropertyName("cache_creation_1h_input")] public long CacheCreation1hInput { get; init; }
        [JsonPropertyName("cache_read_input")] public long CacheReadInput { get; init; }
        [JsonPropertyName("reasoning")] public long Reasoning { get; init; }

        /// <summary>Stored on disk so a reader can check it; <see cref="Create"/> always fills it from the parts.</summary>
        [JsonPropertyName("total")] public long Total { get; init; }

        /// <summary>The sum the schema defines: input + output + cache writes + cache reads (reasoning is inside output).</summary>
        [JsonIgnore] public long ComputedTotal => Input + Output + CacheCreationInput + CacheReadInput;

        /// <summary>The 5-minute share of the cache writes.</summary>
        [JsonIgnore] public long CacheCreation5mInput => CacheCreationInput - CacheCreation1hInput;

        /// <summary>Everything the provider read as the prompt; what long-context price tiers are measured on.</summary>
        [JsonIgnore] public long PromptTokens => Input + CacheCreationInput + CacheReadInput;

        public static TokenUsage Create(long input = 0, long output = 0, long cacheCreationInput = 0,
            long cacheCreation1hInput = 0, long cacheReadInput = 0, long reasoning = 0)
        {
            return new TokenUsage
            {
                Input = input,
                Output = output,
                CacheCreationInput = cacheCreationInput,
                CacheCreation1hInput = cacheCreation1hInput,
                CacheReadInput = cacheReadInput,
                Reasoning = reasoning,
                Total = input + output + cacheCreationInput + cacheReadInput,
            };
        }

        /// <summary>
        /// From counts whose input includes the cached tokens (OpenAI's prompt_tokens and input_tokens, Microsoft.Extensions.AI's
        /// InputTokenCount): negative counts become 0, cache reads and writes are held to the input and taken out of it,
        /// and reasoning is held to the output.
        /// </summary>
        public static TokenUsage FromInclusiveInput(long input, long output, long cacheReadInput = 0, long cacheCreationInput = 0, long reasoning = 0)
        {
            input = System.Math.Max(0, input);
            output = System.Math.Max(0, output);
            long cached = System.Math.Min(System.Math.Max(0, cacheReadInput), input);
            long written = System.Math.Min(System.Math.Max(0, cacheCreationInput), input - cached);
            return Create(input - cached - written, output, written, 0, cached, System.Math.Min(System.Math.Max(0, reasoning), output));
        }

        public TokenUsage Add(TokenUsage other)
        {
            return new TokenUsage
            {
                Input = Input + other.Input,
                Output = Output + other.Output,
                CacheCreationInput = CacheCreationInput + other.CacheCreationInput,
                CacheCreation1hInput = CacheCreation1hInput + other.CacheCreation1hInput,
                CacheReadInput = CacheReadInput + other.CacheReadInput,
                Reasoning = Reasoning + other.Reasoning,
                Total = Total + other.Total,
            };
        }
    }
}
