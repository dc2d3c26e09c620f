using System;
using System.Globalization;

namespace LlmTelemetry.Tests.Support
{
    /// <summary>One assistant line as Claude Code writes it (the fields its importers and ccusage read), for logs a test grows.</summary>
    public static class ClaudeCodeLines
    {
        public static string Assistant(string sessionId, DateTimeOffset at, string messageId, string requestId, string model = "claude-sonnet-4-5",
            long input = 10, long output = 100, long cacheWrite = 0, long cacheRead = 0, string cwd = "/home/dev/spacewalker")
            => "{\"parentUuid\":null,\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"" + cwd + "\",\"sessionId\":\"" + sessionId
               + "\",\"version\":\"2.1.39\",\"message\":{\"model\":\"" + model + "\",\"id\":\"" + messageId
               + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"usage\":{\"input_tokens\":"
               + N(input) + ",\"cache_creation_input_tokens\":" + N(cacheWrite) + ",\"cache_read_input_tokens\":" + N(cacheRead)
               + ",\"output_tokens\":" + N(output) + "}},\"requestId\":\"" + requestId + "\",\"type\":\"assistant\",\"uuid\":\"" + Guid.NewGuid()
               + "\",\"timestamp\":\"" + at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "\"}\n";

        private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
