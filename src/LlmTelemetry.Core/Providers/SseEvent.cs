
namespace LlmTelemetry.Providers
{
    internal sealed record SseEvent(string? EventName, string Data);
}
