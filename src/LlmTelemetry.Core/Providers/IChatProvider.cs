using System.Threading;
using System.Threading.Tasks;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// One provider's protocol: a single HTTP attempt, no retry, no recording (<see cref="LlmClient"/> adds both).
    /// Failures are <see cref="ProviderException"/>; the caller's cancellation is an <see cref="System.OperationCanceledException"/>.
    /// </summary>
    internal interface IChatProvider
    {
        ProviderKind Kind { get; }

        /// <summary>Sends <paramref name="request"/> once. The result's latencies are measured from the start of this attempt.</summary>
        Task<ChatResult> SendAsync(ChatRequest request, CancellationToken cancellationToken);
    }
}
