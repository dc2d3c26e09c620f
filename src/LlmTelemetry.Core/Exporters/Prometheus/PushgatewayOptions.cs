using System;
using System.Net.Http;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Configuration;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>Where and how a push goes: the gateway's base URL, the grouping key (job, instance) and the HTTP bounds.</summary>
    internal sealed record PushgatewayOptions
    {
        public const string DefaultJob = TelemetrySettings.DefaultPushgatewayJob;

        /// <summary>The gateway's base URL (http://host:9091); a user and password in it go as Basic authentication, never into errors.</summary>
        public Uri Url { get; init; } = new Uri("http://127.0.0.1:9091");

        /// <summary>The job label of the group.</summary>
        public string Job { get; init; } = DefaultJob;

        /// <summary>The instance label of the group: this machine's name when null (hashed when anonymising).</summary>
        public string? Instance { get; init; }

        /// <summary>Per attempt.</summary>
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

        public RetryOptions Retry { get; init; } = RetryOptions.Default;

        /// <summary>Used instead of a client of its own (tests, the per-call push's shared one); its Timeout should be infinite.</summary>
        public HttpClient? Http { get; init; }

        /// <summary>
        /// The Pushgateway URL in <paramref name="text"/>, or <paramref name="invalid"/>'s error: it must be an absolute
        /// http or https URL without a query or fragment (the push adds its own path). The error is given the text with
        /// any user and password taken out.
        /// </summary>
        public static Uri ParseUrl(string text, Func<string, string, TelemetryException> invalid)
        {
            if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                throw invalid(ShipHttp.ShownText(text), "expected an http or https URL such as http://127.0.0.1:9091");
            if (url.Query.Length > 0 || url.Fragment.Length > 0)
                throw invalid(ShipHttp.ShownText(text), "must not have a query or fragment: the push adds /metrics/job/<job>/instance/<instance> to it");
            return url;
        }

        /// <summary>Checks the job label: any text but blank or with control characters (it is sent base64 encoded when not plain).</summary>
        public static string CheckJob(string? job, string parameter)
            => CheckJob(job, (shown, why) => new TelemetryValidationException(parameter, shown, why));

        public static string CheckJob(string? job, Func<string, string, TelemetryException> invalid)
        {
            if (string.IsNullOrWhiteSpace(job)) throw invalid(job ?? "", "the Pushgateway job must not be empty");
            if (RecordValidator.HasControlChars(job!)) throw invalid(job!, "the Pushgateway job must not contain control characters");
            return job!;
        }
    }
}
