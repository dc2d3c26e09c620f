using System;
using System.Globalization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// A registry price held to the record rules. An override can price a call absurdly (a negative rate, 1e300 per
    /// token), and each caller reacts in its own way (the recorder refuses, the chat client warns and records the call
    /// unpriced, an import counts the line as malformed), but the check and its wording are this one.
    /// </summary>
    internal readonly struct CheckedPrice
    {
        private CheckedPrice(double? cost, string? problem)
        {
            Cost = cost;
            Problem = problem;
        }

        /// <summary>The cost to store: null when the model is unpriced, or when the price was refused.</summary>
        public double? Cost { get; }

        /// <summary>Why the registry's price cannot be stored, as a sentence naming the model and the price; null when it can.</summary>
        public string? Problem { get; }

        /// <summary>Prices a call with <paramref name="pricer"/> (none: unpriced) and checks the result.</summary>
        public static CheckedPrice Of(ICallPricer? pricer, string model, TokenUsage tokens, DateTimeOffset at)
        {
            if (pricer is null) return default;
            double? cost = pricer.Price(model, tokens, at);
            if (cost is double usd && RecordValidator.CostProblem(usd) is { } problem)
                return new CheckedPrice(null, $"the registry prices these tokens of {model} at {usd.ToString("R", CultureInfo.InvariantCulture)} USD, and a cost {problem}");
            return new CheckedPrice(cost, null);
        }
    }
}
