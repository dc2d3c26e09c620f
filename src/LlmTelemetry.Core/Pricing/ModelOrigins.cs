using System;

namespace LlmTelemetry.Pricing
{
    public static class ModelOrigins
    {
        public const string BuiltIn = "built-in";
        public const string Override = "override";
    }
}
