using System;
using System.Buffers;
using System.IO;
using LlmTelemetry.Internal;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Imports Gemini CLI chat files (~/.gemini/tmp/&lt;project&gt;/chats/session-*.json). Each file is one JSON
    /// document that Gemini CLI rewrites whole as the session grows, so a file changed since the last import is read
    /// again from its first byte (there is no offset to resume from), and one unchanged is not opened. Each "gemini"
    /// message with tokens is one call; its record id is the session plus the message's own id, so the calls a
    /// rewritten file repeats are duplicates the store already holds.
    /// </summary>
    internal static class GeminiCliImporter
    {
        public const string Provider = "google";

        /// <summary>The agent of every call, and the prefix of its record id.</summary>
        public const string AgentName = "gemini-cli";

        /// <summary>The file in a project folder that names the project's own path (Gemini CLI 2026 and later).</summary>
        private const string ProjectRootFile = ".project_root";

        public static ImportResult Run(ImportRun run)
        {
            var files = run.FilesToRead();
            var outcomes = run.ParseAll(files, file => ParseFile(run, file));
            foreach (var outcome in outcomes) run.Absorb(outcome);
            foreach (var outcome in outcomes)
            {
                if (outcome.Unreadable is not null) continue;
                var session = outcome.SessionId ?? Path.GetFileNameWithoutExtension(outcome.File.Path);
                var project = ProjectOf(outcome);
                foreach (var call in outcome.Calls)
                {
                    run.Cancellation.ThrowIfCancellationRequested();
                    run.OfferCall(new LoggedCall
                    {
                        Id = RecordIds.Derived(AgentName, session, call.MessageId),
                        Timestamp = call.Timestamp,
                        Provider = Provider,
                        Model = call.Model,
                        Agent = AgentName,
                        SessionId = session,
                        Tokens = call.Tokens,
                        Project = project,
                    }, outcome.File.Path, call.Line);
                }
            }
            return run.Finish();
        }

        internal static GeminiChatOutcome ParseFile(ImportRun run, LogFile file)
            => run.Guard(file, () => new GeminiChatOutcome(file), outcome => Read(run, outcome));

        private static void Read(ImportRun run, GeminiChatOutcome outcome)
        {
            // Open takes the checkpoint's fingerprint; the offset it offers is ignored, since a rewrite moves every byte.
            using var stream = run.Open(outcome.File, out _, out _, out var next);
            stream.Position = 0;
            byte[] buffer = ReadWhole(stream, out int length);
            try
            {
                run.AddBytesDone(length);
                outcome.Lines = GeminiChatParser.Parse(new ReadOnlySpan<byte>(buffer, 0, length), outcome, run.Options.MaxReportedMalformedLines);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            outcome.Bytes = length;
            next.Size = length;
            next.Offset = length;
            next.Line = outcome.Lines;
            next.State = null;
            outcome.Checkpoint = next;
        }

        /// <summary>
        /// The file's bytes, once, in a pooled buffer the caller returns: the parser reads them where they lie. The file
        /// may grow while it is read (a rewrite in progress); whatever was there is read.
        /// </summary>
        private static byte[] ReadWhole(Stream stream, out int length)
        {
            long size = stream.Length;
            if (size >= int.MaxValue / 2) throw new InvalidDataException($"a Gemini CLI chat of {size:N0} bytes is too large to read as one document");
            var buffer = ArrayPool<byte>.Shared.Rent((int)size + 1);
            length = 0;
            try
            {
                int n;
                while ((n = stream.Read(buffer, length, buffer.Length - length)) > 0)
                {
                    length += n;
                    if (length < buffer.Length) continue;
                    if (buffer.Length >= int.MaxValue / 2) throw new InvalidDataException("a Gemini CLI chat grew too large while it was read");
                    PooledBytes.Grow(ref buffer, length);
                }
                return buffer;
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }

        /// <summary>
        /// tmp/&lt;project&gt;/chats/session-….json: the folder's .project_root names the project's path (its last
        /// segment is the project, as the cwd's is for Claude Code and Codex); without one, the folder's own name (a
        /// slug of the project's name, or before 2026 a hash of its path). A chat file lying anywhere else gives its
        /// projectHash.
        /// </summary>
        private static string? ProjectOf(GeminiChatOutcome outcome)
        {
            var chats = Path.GetDirectoryName(outcome.File.Path);
            var folder = chats is null ? null : Path.GetDirectoryName(chats);
            if (folder is null || !string.Equals(Path.GetFileName(chats), "chats", StringComparison.OrdinalIgnoreCase))
                return outcome.ProjectHash;
            return ImportRun.ProjectName(ProjectRoot(folder)) ?? Path.GetFileName(folder);
        }

        private static string? ProjectRoot(string folder)
        {
            var marker = Path.Combine(folder, ProjectRootFile);
            try
            {
                var info = new FileInfo(marker);
                // A path, never more: anything larger is not Gemini CLI's marker.
                if (!info.Exists || info.Length > 4096) return null;
                var text = File.ReadAllText(marker).Trim();
                return text.Length == 0 ? null : text;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
