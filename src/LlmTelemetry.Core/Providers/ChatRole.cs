using System;

namespace LlmTelemetry.Providers
{
    public enum ChatRole
    {
        System,
        User,
        Assistant,
    }
}
