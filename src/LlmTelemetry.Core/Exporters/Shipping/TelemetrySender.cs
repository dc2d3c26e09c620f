using System;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Exporters.ClickHouse;
using LlmTelemetry.Exporters.Otlp;
using LlmTelemetry.Exporters.Prometheus;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>
    /// `llm-telemetry send` and Send-LlmTelemetry: one entry for both front ends. ClickHouse and OTLP are shipped
    /// record by record from the checkpoint (<see cref="Shipper"/>); a Pushgateway gets the store's totals.
    /// </summary>
    public static class TelemetrySender
    {
        /// <summary>Ships as <paramref name="target"/> and <paramref name="options"/> say; throws a validation error naming the bad parameter, or a <see cref="ShipException"/>.</summary>
        public static async Task<SendResult> SendAsync(TelemetryStore store, SendTarget target, SendOptions options, CancellationToken cancellationToken = default)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (target is null) throw new ArgumentNullException(nameof(target));
            options ??= new SendOptions();
            var anonymizer = options.Anonymize ? ShipAnonymizer.FromSalt(options.Salt, "anonymize") : ShipAnonymizer.None;
            if (target.Sink == SendSinkKind.Pushgateway) return await PushAsync(store, target, options, anonymizer, cancellationToken).ConfigureAwait(false);
            using var sink = CreateSink(target);
            return await Shipper.RunAsync(store, sink, options, anonymizer, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>As <see cref="SendAsync"/>, for callers that cannot await (a cmdlet, a command's action).</summary>
        public static SendResult Send(TelemetryStore store, SendTarget target, SendOptions options, CancellationToken cancellationToken = default)
            => Task.Run(() => SendAsync(store, target, options, cancellationToken)).GetAwaiter().GetResult();

        private static IShipSink CreateSink(SendTarget target) => target.Sink switch
        {
            SendSinkKind.ClickHouse => new ClickHouseSink(new ClickHouseOptions
            {
                Url = Url(target),
                UrlParameter = target.UrlParameter,
                Database = target.Database ?? ClickHouseOptions.DefaultDatabase,
                Table = target.Table ?? ClickHouseOptions.DefaultTable,
                User = target.User,
                Password = target.Password ?? Environment.GetEnvironmentVariable(ClickHouseOptions.PasswordVariable),
            }),
            SendSinkKind.Otlp => new OtlpSink(Url(target), target.UrlParameter),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target.Sink, "not a record sink"),
        };

        private static async Task<SendResult> PushAsync(TelemetryStore store, SendTarget target, SendOptions options, ShipAnonymizer anonymizer, CancellationToken cancellationToken)
        {
            var push = new PushgatewayOptions
            {
                Url = PushgatewayOptions.ParseUrl(target.Url, (shown, why) => new TelemetryValidationException(target.UrlParameter, shown, why)),
                Job = target.Job ?? store.Settings.PushgatewayJob.Value,
            };
            var result = options.DryRun
                ? PushgatewayExporter.DryRun(store, push, anonymizer, cancellationToken)
                : await PushgatewayExporter.PushAsync(store, push, anonymizer, cancellationToken).ConfigureAwait(false);
            return new SendResult
            {
                Sink = PushgatewayExporter.SinkName,
                Target = result.GroupUrl,
                SeriesSent = result.Series,
                Batches = 1,
                DryRun = options.DryRun,
                DryRunBody = result.Body,
            };
        }

        /// <summary>The URL parsed; the sink checks what it needs of it (scheme, no query) under <see cref="SendTarget.UrlParameter"/>.</summary>
        private static Uri Url(SendTarget target)
        {
            if (!Uri.TryCreate(target.Url?.Trim(), UriKind.Absolute, out var url))
                throw new TelemetryValidationException(target.UrlParameter, target.ShownUrl, "expected an absolute http or https URL such as http://127.0.0.1:8123");
            return url;
        }
    }
}
