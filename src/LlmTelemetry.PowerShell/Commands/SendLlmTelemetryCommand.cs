using System;
using System.Management.Automation;
using LlmTelemetry.Exporters.Shipping;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Send-LlmTelemetry: ships the store to ClickHouse, a Prometheus Pushgateway or an OpenTelemetry collector, as
    /// `llm-telemetry send` does, incrementally from the same checkpoint.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "LlmTelemetry", DefaultParameterSetName = ClickHouseSet, SupportsShouldProcess = true)]
    [OutputType(typeof(LlmSendResult))]
    public sealed class SendLlmTelemetryCommand : LlmTelemetryCommand
    {
        private const string ClickHouseSet = "ClickHouse", PushgatewaySet = "Pushgateway", OtlpSet = "Otlp";

        /// <summary>The ClickHouse HTTP interface, such as http://host:8123.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClickHouseSet)]
        public Uri? ClickHouse { get; set; }

        /// <summary>The Pushgateway, such as http://host:9091.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PushgatewaySet)]
        public Uri? Pushgateway { get; set; }

        /// <summary>The OpenTelemetry collector's OTLP/HTTP endpoint, such as http://host:4318.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OtlpSet)]
        public Uri? Otlp { get; set; }

        /// <summary>ClickHouse database (default: default).</summary>
        [Parameter(ParameterSetName = ClickHouseSet)]
        public string? Database { get; set; }

        /// <summary>ClickHouse records table (default: llm_telemetry; the rollups go to its name + "_daily").</summary>
        [Parameter(ParameterSetName = ClickHouseSet)]
        public string? Table { get; set; }

        /// <summary>ClickHouse user and password; without it, -User or no user, and the password from LLM_CLICKHOUSE_PASSWORD.</summary>
        [Parameter(ParameterSetName = ClickHouseSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Pushgateway job label (default: llm_telemetry).</summary>
        [Parameter(ParameterSetName = PushgatewaySet)]
        public string? Job { get; set; }

        /// <summary>Send nothing older (a date is local midnight).</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary>Ignore the checkpoint and send everything again; the target's dedup by id absorbs the copies.</summary>
        [Parameter]
        public SwitchParameter FromStart { get; set; }

        /// <summary>Hash user ids and hosts with the team salt in LLM_TEAM_SALT (HMAC-SHA256); payloads are left out.</summary>
        [Parameter]
        public SwitchParameter Anonymize { get; set; }

        /// <summary>The store's root folder; default: the configured store.</summary>
        [Parameter]
        public string? Path { get; set; }

        protected override void EndProcessing()
        {
            var (kind, url) = ParameterSetName switch
            {
                PushgatewaySet => (SendSinkKind.Pushgateway, Pushgateway!),
                OtlpSet => (SendSinkKind.Otlp, Otlp!),
                _ => (SendSinkKind.ClickHouse, ClickHouse!),
            };
            var target = new SendTarget
            {
                Sink = kind,
                Url = url.OriginalString,
                UrlParameter = "-" + ParameterSetName,
                Database = Database,
                Table = Table,
                User = Credential?.UserName,
                Password = Credential?.GetNetworkCredential().Password,
                Job = Job,
            };
            var store = OpenStore(Path);
            bool proceed = ShouldProcess(target.ShownUrl, $"Send telemetry from {store.Root}");
            // -WhatIf still reads the store as a dry run, so it can say how much would be sent.
            if (!proceed && !WhatIfRequested()) return;
            bool dryRun = !proceed;
            DateTimeOffset? since = Since is DateTime s ? new DateTimeOffset(s.Kind == DateTimeKind.Utc ? s : DateTime.SpecifyKind(s, DateTimeKind.Local)) : null;
            var options = new SendOptions { Since = since, FromStart = FromStart, Anonymize = Anonymize, DryRun = dryRun };
            var result = Guard(() => TelemetrySender.Send(store, target, options, StopToken), url);
            WriteObject(new LlmSendResult(result));
        }
    }
}
