using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters.Otlp
{
    /// <summary>An ExportLogsServiceRequest: one log record per record, at the record's own time, one resource per host.</summary>
    internal static class OtlpLogs
    {
        public static void Write(Utf8JsonWriter w, IReadOnlyList<IGrouping<string?, TelemetryRecord>> byHost, DateTimeOffset observed)
        {
            string observedNanos = OtlpJson.Nanos(observed);
            w.WriteStartObject();
            w.WriteStartArray("resourceLogs");
            foreach (var host in byHost)
                OtlpJson.ResourceEntry(w, host.Key, "scopeLogs", "logRecords", () =>
                {
                    foreach (var r in host) Record(w, r, observedNanos);
                });
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void Record(Utf8JsonWriter w, TelemetryRecord r, string observedNanos)
        {
            var metadata = r.Metadata ?? RecordMetadata.Empty;
            var t = r.Tokens ?? TokenUsage.Zero;
            w.WriteStartObject();
            w.WriteString("timeUnixNano", OtlpJson.Nanos(r.Timestamp));
            w.WriteString("observedTimeUnixNano", observedNanos);
            w.WriteNumber("severityNumber", r.Success ? OtlpNames.SeverityInfo : OtlpNames.SeverityError);
            w.WriteString("severityText", r.Success ? "INFO" : "ERROR");
            w.WriteStartObject("body");
            w.WriteString("stringValue", r.EventType);
            w.WriteEndObject();
            w.WriteStartArray("attributes");
            if (r.IsLlmCall)
            {
                // Every llm_call is a call to a model's chat or completion API; our own operation is llm.operation.
                OtlpJson.String(w, GenAiConventions.OperationName, GenAiConventions.ChatOperation);
                OtlpJson.String(w, GenAiConventions.ProviderName, r.Provider);
                OtlpJson.String(w, GenAiConventions.RequestModel, r.Model);
                OtlpJson.Int(w, GenAiConventions.InputTokens, InputTokens(t));
                OtlpJson.Int(w, GenAiConventions.OutputTokens, t.Output);
                OtlpJson.Int(w, GenAiConventions.CacheReadInputTokens, t.CacheReadInput);
                OtlpJson.Int(w, GenAiConventions.CacheCreationInputTokens, t.CacheCreationInput);
                OtlpJson.Int(w, GenAiConventions.ReasoningOutputTokens, t.Reasoning);
                OtlpJson.Double(w, OtlpNames.CostUsd, r.CostUsd);
            }
            else
            {
                OtlpJson.String(w, GenAiConventions.ProviderName, r.Provider);
                OtlpJson.String(w, GenAiConventions.RequestModel, r.Model);
            }
            OtlpJson.String(w, OtlpNames.Id, r.Id);
            OtlpJson.String(w, OtlpNames.EventType, r.EventType);
            OtlpJson.String(w, OtlpNames.Operation, r.Operation);
            OtlpJson.String(w, OtlpNames.Agent, r.AgentName);
            OtlpJson.String(w, OtlpNames.Project, metadata.Project);
            OtlpJson.String(w, OtlpNames.GitBranch, metadata.GitBranch);
            OtlpJson.String(w, OtlpNames.Session, r.SessionId);
            OtlpJson.String(w, OtlpNames.User, r.UserId);
            OtlpJson.String(w, OtlpNames.Host, metadata.Host);
            OtlpJson.String(w, OtlpNames.Source, metadata.Source);
            OtlpJson.Bool(w, OtlpNames.Success, r.Success);
            OtlpJson.String(w, OtlpNames.Error, metadata.Error);
            OtlpJson.Int(w, OtlpNames.DurationMs, r.DurationMs);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>OTel's input count includes the cached tokens; ours (<see cref="TokenUsage.Input"/>) is the base-rate part alone.</summary>
        public static long InputTokens(TokenUsage t) => t.PromptTokens;
    }
}
