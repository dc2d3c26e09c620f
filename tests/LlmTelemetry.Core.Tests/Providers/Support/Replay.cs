using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace LlmTelemetry.Tests.Providers.Support
{
    // The recorded API bodies and the responders that replay them over LoopbackServer; linked by every test project
    // that talks to a provider's API (the core's providers, the IChatClient middleware).

    internal static class Fixtures
    {
        private static readonly Lazy<string> ApiFolder = new(() => LlmTelemetry.Tests.Support.RepoPaths.FixtureFolder("api"));

        public static string Text(string name) => File.ReadAllText(Path.Combine(ApiFolder.Value, name));

        /// <summary>One SSE event per line of a file that holds one data payload per line (the Vercel AI chunk format).</summary>
        public static IReadOnlyList<string> SseFromDataLines(string name)
            => Text(name).Split('\n').Where(l => l.Trim().Length > 0)
                .Select(l => $"event: {JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()}\ndata: {l.Trim()}\n\n").ToArray();

        /// <summary>The OpenRouter e2e recorder's lines ({"comment"}, {"json"}, {"text"}, {"delay_ms"}) as the SSE the server sent.</summary>
        public static IReadOnlyList<string> SseFromOpenRouterRecording(string name)
        {
            var chunks = new List<string>();
            foreach (var line in Text(name).Split('\n').Where(l => l.Trim().Length > 0))
            {
                var root = JsonDocument.Parse(line).RootElement;
                if (root.TryGetProperty("comment", out var comment)) chunks.Add(comment.GetString()!);
                else if (root.TryGetProperty("json", out var json)) chunks.Add("data: " + json.GetRawText() + "\n\n");
                else if (root.TryGetProperty("text", out var text)) chunks.Add("data: " + text.GetString() + "\n\n");
            }
            return chunks;
        }

        /// <summary>A raw SSE file split at its blank lines, so the client reads it in pieces as it would from the network.</summary>
        public static IReadOnlyList<string> SseFile(string name)
            => Text(name).Replace("\r\n", "\n").Split("\n\n").Where(c => c.Length > 0).Select(c => c + "\n\n").ToArray();
    }

    internal static class Respond
    {
        public static Responder Json(string body, int status = 200, IDictionary<string, string>? headers = null)
            => (req, res, stop) => res.WriteAsync(status, body, "application/json", headers);

        public static Responder Fixture(string name, IDictionary<string, string>? headers = null) => Json(Fixtures.Text(name), 200, headers);

        public static Responder Stream(IReadOnlyList<string> chunks, IDictionary<string, string>? headers = null)
            => async (req, res, stop) =>
            {
                await res.StartStreamAsync(headers: headers);
                foreach (var chunk in chunks) await res.WriteChunkAsync(chunk);
            };

        public static Responder Stall()
            => (req, res, stop) => Task.Delay(Timeout.Infinite, stop);

        /// <summary>Sends the headers and a first event, then goes silent.</summary>
        public static Responder StallMidStream(string firstChunk)
            => async (req, res, stop) =>
            {
                await res.StartStreamAsync();
                await res.WriteChunkAsync(firstChunk);
                await Task.Delay(Timeout.Infinite, stop);
            };
    }
}
