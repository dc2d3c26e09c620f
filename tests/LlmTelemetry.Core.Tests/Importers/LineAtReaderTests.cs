using System;
using System.IO;
using System.Linq;
using System.Text;
using LlmTelemetry.Importers;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    public sealed class LineAtReaderTests
    {
        [Fact]
        public void Lines_come_back_by_offset_forward_and_back_across_windows_and_past_a_window_in_length()
        {
            using var temp = new TempDir();
            var path = temp.Combine("log.jsonl");
            // Short lines, CRLF lines, and one line of 3 MiB (longer than the 1 MiB read-ahead window).
            var lines = Enumerable.Range(0, 30_000).Select(i => i == 12_345 ? "{\"big\":\"" + new string('x', 3 << 20) + "\"}" : "{\"n\":" + i + "}").ToArray();
            var offsets = new long[lines.Length];
            using (var stream = File.Create(path))
            {
                for (int i = 0; i < lines.Length; i++)
                {
                    offsets[i] = stream.Position;
                    var bytes = Encoding.UTF8.GetBytes(lines[i] + (i % 3 == 0 ? "\r\n" : "\n"));
                    stream.Write(bytes, 0, bytes.Length);
                }
            }
            using var reader = new LineAtReader(path, new FileInfo(path).Length);
            foreach (int i in new[] { 0, 1, 2, 12_344, 12_345, 12_346, 29_999, 5, 20_000, 12_345, 3 })
                Assert.Equal(lines[i], Encoding.UTF8.GetString(reader.LineAt(offsets[i])));
            for (int i = 0; i < lines.Length; i += 7) Assert.Equal(lines[i], Encoding.UTF8.GetString(reader.LineAt(offsets[i])));
        }

        [Fact]
        public void The_limit_ends_the_last_line_and_nothing_is_read_past_it()
        {
            using var temp = new TempDir();
            var path = temp.Combine("log.jsonl");
            File.WriteAllText(path, "{\"a\":1}\n{\"b\":2}{\"written-later\":3}\n");
            using var reader = new LineAtReader(path, limit: 15);
            Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(reader.LineAt(0)));
            Assert.Equal("{\"b\":2}", Encoding.UTF8.GetString(reader.LineAt(8)));
            Assert.True(reader.LineAt(15).IsEmpty);
        }

        [Fact]
        public void A_file_cut_shorter_since_gives_what_is_left()
        {
            using var temp = new TempDir();
            var path = temp.Combine("log.jsonl");
            File.WriteAllText(path, "{\"a\":1}\n{\"b\":");
            using var reader = new LineAtReader(path, limit: 1000);
            Assert.Equal("{\"b\":", Encoding.UTF8.GetString(reader.LineAt(8)));
            Assert.True(reader.LineAt(100).IsEmpty);
        }
    }
}
