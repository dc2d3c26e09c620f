using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Importers;
using LlmTelemetry.Internal;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>The scratch file the Claude Code import keeps its first pass's calls in (what keeps its memory flat).</summary>
    public sealed class CallSpillTests
    {
        [Fact]
        public void Blocks_read_back_as_written_and_no_file_is_left_in_the_folder()
        {
            using var temp = new TempDir();
            var state = temp.Combine("store", ".import");
            Directory.CreateDirectory(state);
            var first = Calls(3, 100);
            var second = Calls(5, 7);
            using (var spill = new CallSpill(state))
            {
                long a = spill.Write(first, first.Length);
                long b = spill.Write(second, second.Length);
                Assert.Equal((first.Length + second.Length) * 48L, spill.Length);
                var back = new ClaudeCodeCall[first.Length];
                spill.Read(b, back, second.Length);
                Assert.Equal(second, back.Take(second.Length));
                spill.Read(a, back, first.Length);
                Assert.Equal(first, back);
                // Unlinked as soon as it was created: nothing to find, nothing a crash leaves behind.
                if (!OperatingSystem.IsWindows()) Assert.Empty(Directory.GetFileSystemEntries(state));
                Assert.Throws<InvalidOperationException>(() => spill.Read(b, back, second.Length + 1));
            }
            Assert.Empty(Directory.GetFileSystemEntries(state));
        }

        [Fact]
        public void Without_a_store_the_calls_wait_in_the_temp_folder_and_no_store_is_created()
        {
            using var temp = new TempDir();
            var state = temp.Combine("no-store", ".import");
            using var spill = new CallSpill(state);
            var calls = Calls(1, 10);
            spill.Write(calls, calls.Length);
            Assert.False(Directory.Exists(temp.Combine("no-store")));
        }

        private static ClaudeCodeCall[] Calls(int seed, int count)
            => Enumerable.Range(0, count).Select(i => new ClaudeCodeCall
            {
                Key = new Hash128((ulong)(seed * 1000 + i), (ulong)i),
                HasKey = i % 3 != 0,
                Total = seed * 10_000L + i,
                Offset = i * 512L,
                Line = i + 1,
                Collapsed = i % 4,
                Fast = i % 5 == 0,
            }).ToArray();
    }
}
