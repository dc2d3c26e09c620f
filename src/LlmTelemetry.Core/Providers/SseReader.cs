using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// Server-sent events as the WHATWG spec defines them: data lines of one event are joined with '\n',
    /// comment lines (": keep-alive", OpenRouter's ": OPENROUTER PROCESSING") and unknown fields are ignored,
    /// and the last event counts even without its closing blank line.
    /// </summary>
    internal sealed class SseReader
    {
        private readonly TextReader _reader;

        public SseReader(TextReader reader) => _reader = reader;

        /// <summary>The next event with data, or null at the end of the stream.</summary>
        public async Task<SseEvent?> ReadAsync()
        {
            string? eventName = null;
            StringBuilder? data = null;
            while (true)
            {
                string? line = await _reader.ReadLineAsync().ConfigureAwait(false);
                if (line is null)
                    return data is null ? null : new SseEvent(eventName, data.ToString());
                if (line.Length == 0)
                {
                    if (data is not null) return new SseEvent(eventName, data.ToString());
                    eventName = null;
                    continue;
                }
                if (line[0] == ':') continue;

                int colon = line.IndexOf(':');
                string field = colon < 0 ? line : line.Substring(0, colon);
                string value = colon < 0 ? "" : line.Substring(colon + 1);
                if (value.Length > 0 && value[0] == ' ') value = value.Substring(1);

                if (field == "data")
                {
                    if (data is null) data = new StringBuilder(value);
                    else data.Append('\n').Append(value);
                }
                else if (field == "event")
                {
                    eventName = value;
                }
            }
        }
    }
}
