using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmTelemetry.Extensions.AI
{
    /// <summary>Adds <see cref="TelemetryChatClient"/> to a chat client pipeline.</summary>
    public static class LlmTelemetryChatClientBuilderExtensions
    {
        /// <summary>
        /// Records every call through the pipeline into the LlmTelemetry store: tokens, cost, latency, failures and
        /// cancellations. Warnings go to <see cref="LlmTelemetryChatOptions.Warning"/>, else to an ILogger from the
        /// services the pipeline is built with, else to standard error.
        /// </summary>
        public static ChatClientBuilder UseLlmTelemetry(this ChatClientBuilder builder, Action<LlmTelemetryChatOptions>? configure = null)
        {
            if (builder is null) throw new ArgumentNullException(nameof(builder));
            var options = new LlmTelemetryChatOptions();
            configure?.Invoke(options);
            return builder.Use((inner, services) =>
            {
                var logger = (services?.GetService(typeof(ILoggerFactory)) as ILoggerFactory)?.CreateLogger(typeof(TelemetryChatClient).FullName!);
                return new TelemetryChatClient(inner, options, logger);
            });
        }
    }
}
