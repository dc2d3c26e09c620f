using System;
using System.Text.Json;
using LlmTelemetry.Records;

namespace LlmTelemetry.Status
{
    /// <summary>
    /// What Claude Code sends a <c>statusLine</c> command on stdin (https://code.claude.com/docs/en/statusline): the
    /// session, its transcript, the model, the folders, and Claude Code's own cost estimate. Every field is optional,
    /// since older and newer versions send different sets; a field of the wrong type is an error naming it.
    /// </summary>
    public sealed record StatusLineInput
    {
        public string? SessionId { get; init; }
        public string? TranscriptPath { get; init; }
        public string? Cwd { get; init; }
        public string? ModelId { get; init; }
        public string? ModelDisplayName { get; init; }
        public string? CurrentDir { get; init; }
        public string? ProjectDir { get; init; }
        public string? Version { get; init; }

        /// <summary>cost.total_cost_usd: Claude Code's own estimate for the session, at list prices.</summary>
        public double? ClaudeCodeCostUsd { get; init; }

        /// <summary>Errors name the field as "stdin.session_id": where it came from, and not a parameter of the same name.</summary>
        private const string Field = "stdin.";

        /// <summary>Parses the hook's JSON. Empty input (no hook: a shell prompt) is an empty input, not an error.</summary>
        public static StatusLineInput Parse(string? json)
        {
            if (string.IsNullOrWhiteSpace(json)) return new StatusLineInput();
            JsonDocument doc;
            try { doc = JsonDocument.Parse(json!); }
            catch (JsonException ex)
            {
                throw new TelemetryValidationException("stdin", null,
                    "is not the JSON object Claude Code's statusLine hook sends: " + ex.Message);
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new TelemetryValidationException("stdin", null, "must be a JSON object (Claude Code's statusLine input), got " + root.ValueKind);
                var model = Object(root, "model");
                var workspace = Object(root, "workspace");
                var cost = Object(root, "cost");
                return new StatusLineInput
                {
                    SessionId = Text(root, "session_id", Field + "session_id"),
                    TranscriptPath = Text(root, "transcript_path", Field + "transcript_path"),
                    Cwd = Text(root, "cwd", Field + "cwd"),
                    ModelId = model is { } m ? Text(m, "id", Field + "model.id") : null,
                    ModelDisplayName = model is { } d ? Text(d, "display_name", Field + "model.display_name") : null,
                    CurrentDir = workspace is { } w ? Text(w, "current_dir", Field + "workspace.current_dir") : null,
                    ProjectDir = workspace is { } p ? Text(p, "project_dir", Field + "workspace.project_dir") : null,
                    Version = Text(root, "version", Field + "version"),
                    ClaudeCodeCostUsd = cost is { } c ? Number(c, "total_cost_usd", Field + "cost.total_cost_usd") : null,
                };
            }
        }

        private static JsonElement? Object(JsonElement parent, string name)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind != JsonValueKind.Object)
                throw new TelemetryValidationException(Field + name, null, "must be a JSON object, got " + value.ValueKind);
            return value;
        }

        private static string? Text(JsonElement parent, string name, string field)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind != JsonValueKind.String)
                throw new TelemetryValidationException(field, value.GetRawText(), "must be a string");
            var text = value.GetString();
            return string.IsNullOrEmpty(text) ? null : text;
        }

        private static double? Number(JsonElement parent, string name, string field)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || double.IsInfinity(number))
                throw new TelemetryValidationException(field, value.GetRawText(), "must be a finite number");
            return number;
        }
    }
}
