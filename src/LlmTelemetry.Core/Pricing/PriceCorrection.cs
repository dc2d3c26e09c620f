using System;

namespace LlmTelemetry.Pricing
{
    internal sealed record PriceCorrection(string Field, double LiteLlm, double Used, string Reason);
}
