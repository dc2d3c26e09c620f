using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>Where each source keeps its logs, and the walk that finds them.</summary>
    internal static class ImportFiles
    {
        public static IReadOnlyList<string> DefaultRoots(ImportSource source)
        {
            var roots = new List<string>();
            switch (source)
            {
                case ImportSource.ClaudeCode:
                    // ccusage's rule: CLAUDE_CONFIG_DIR (comma-separated) replaces the defaults when set.
                    var configured = Environment.GetEnvironmentVariable("CLAUDE_CONFIG_DIR");
                    if (!string.IsNullOrWhiteSpace(configured))
                    {
                        foreach (var part in configured!.Split(','))
                            if (part.Trim().Length > 0) roots.Add(System.IO.Path.Combine(System.IO.Path.GetFullPath(part.Trim()), "projects"));
                    }
                    else
                    {
                        roots.Add(System.IO.Path.Combine(Home, ".config", "claude", "projects"));
                        roots.Add(System.IO.Path.Combine(Home, ".claude", "projects"));
                    }
                    break;
                case ImportSource.Codex:
                    var codexHome = Environment.GetEnvironmentVariable("CODEX_HOME");
                    roots.Add(System.IO.Path.Combine(string.IsNullOrWhiteSpace(codexHome) ? System.IO.Path.Combine(Home, ".codex") : System.IO.Path.GetFullPath(codexHome), "sessions"));
                    break;
                case ImportSource.GeminiCli:
                    // GEMINI_DATA_DIR (ccusage reads it too) stands for ~/.gemini: the folder that holds tmp/.
                    var geminiData = Environment.GetEnvironmentVariable("GEMINI_DATA_DIR");
                    roots.Add(System.IO.Path.Combine(string.IsNullOrWhiteSpace(geminiData) ? System.IO.Path.Combine(Home, ".gemini") : System.IO.Path.GetFullPath(geminiData), "tmp"));
                    break;
                case ImportSource.Jsonl:
                    break;
            }
            var unique = new List<string>();
            var seen = new HashSet<string>(FileCheckpoints.PathComparer);
            foreach (var root in roots)
                if (seen.Add(System.IO.Path.GetFullPath(root))) unique.Add(System.IO.Path.GetFullPath(root));
            return unique;
        }

        public static List<LogFile> Find(ImportSource source, string? path, List<UnreadableFile> unreadable)
        {
            var found = new List<LogFile>();
            if (path is not null)
            {
                var full = System.IO.Path.GetFullPath(path);
                if (File.Exists(full))
                {
                    Add(found, full, unreadable);
                }
                else if (Directory.Exists(full))
                {
                    switch (source)
                    {
                        case ImportSource.ClaudeCode:
                            var projects = System.IO.Path.Combine(full, "projects");
                            Walk(Directory.Exists(projects) ? projects : full, IsJsonl, found, unreadable);
                            break;
                        case ImportSource.Codex:
                            var sessions = System.IO.Path.Combine(full, "sessions");
                            Walk(Directory.Exists(sessions) ? sessions : full, IsJsonl, found, unreadable);
                            break;
                        case ImportSource.GeminiCli:
                            var tmp = System.IO.Path.Combine(full, "tmp");
                            Walk(Directory.Exists(tmp) ? tmp : full, IsGeminiChat, found, unreadable);
                            break;
                        default:
                            FindStoreFiles(full, found, unreadable);
                            break;
                    }
                }
                else
                {
                    // A validation error naming the path, which each front end maps once (--path, -Path).
                    throw new TelemetryValidationException("path", path, "does not exist");
                }
            }
            else
            {
                if (source == ImportSource.Jsonl)
                    throw new TelemetryValidationException("path", null, "is required for jsonl: a store folder or a .jsonl/.jsonl.gz file");
                foreach (var root in DefaultRoots(source))
                    if (Directory.Exists(root))
                        Walk(root, DefaultFilter(source), found, unreadable);
            }
            found.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return found;
        }

        /// <summary>
        /// A Claude Code session's logs: its transcript and every .jsonl under the folder named after it (subagents/
        /// holds the logs of the agents it started, whose calls are the session's too).
        /// </summary>
        public static List<string> SessionFiles(string transcript)
        {
            var full = System.IO.Path.GetFullPath(transcript);
            if (!File.Exists(full)) throw new TelemetryValidationException("transcript_path", transcript, "does not exist");
            var files = new List<string> { full };
            var folder = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, System.IO.Path.GetFileNameWithoutExtension(full));
            if (Directory.Exists(folder))
            {
                var found = new List<LogFile>();
                var unreadable = new List<UnreadableFile>();
                Walk(folder, IsJsonl, found, unreadable);
                foreach (var file in found) files.Add(file.Path);
                // Unreadable subagent logs are reported by the import that lists them again (FindListed).
                foreach (var bad in unreadable) files.Add(bad.Path);
            }
            return files;
        }

        /// <summary>The files named, in name order; one that cannot be read is reported, not thrown.</summary>
        public static List<LogFile> FindListed(IReadOnlyList<string> files, List<UnreadableFile> unreadable)
        {
            var found = new List<LogFile>(files.Count);
            foreach (var file in files) Add(found, System.IO.Path.GetFullPath(file), unreadable);
            found.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return found;
        }

        private static bool IsJsonl(string name) => name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

        private static bool IsCodexRollout(string name)
            => name.StartsWith("rollout-", StringComparison.OrdinalIgnoreCase) && IsJsonl(name);

        // tmp/ also holds logs.json (the prompts typed), checkpoint-*.json (/chat save) and tool binaries: only chats count.
        private static bool IsGeminiChat(string name)
            => name.StartsWith("session-", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

        private static Func<string, bool> DefaultFilter(ImportSource source) => source switch
        {
            ImportSource.Codex => IsCodexRollout,
            ImportSource.GeminiCli => IsGeminiChat,
            _ => IsJsonl,
        };

        /// <summary>
        /// Day folders (yyyy-MM-dd) with telemetry.jsonl or telemetry.jsonl.gz, each day's corrections after them (a
        /// correction's larger total makes it one in this store too), and exports lying in the folder itself.
        /// </summary>
        private static void FindStoreFiles(string root, List<LogFile> found, List<UnreadableFile> unreadable)
        {
            try
            {
                foreach (var dir in Directory.GetDirectories(root))
                {
                    var name = System.IO.Path.GetFileName(dir);
                    if (!DateTime.TryParseExact(name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) continue;
                    foreach (var file in new[] { Storage.DayPartition.DataFile, Storage.DayPartition.CompactedFile, Storage.DayPartition.CorrectionsFile })
                    {
                        var candidate = System.IO.Path.Combine(dir, file);
                        if (File.Exists(candidate)) Add(found, candidate, unreadable);
                    }
                }
                foreach (var file in Directory.GetFiles(root))
                {
                    var name = System.IO.Path.GetFileName(file);
                    if (IsJsonl(name) || name.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase)) Add(found, file, unreadable);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                unreadable.Add(new UnreadableFile(root, ex.Message));
            }
        }

        // netstandard2.0 has no EnumerationOptions.IgnoreInaccessible: walk by hand so one unreadable folder
        // is reported and the rest of the tree is still imported.
        private static void Walk(string root, Func<string, bool> accept, List<LogFile> found, List<UnreadableFile> unreadable)
        {
            var pending = new Stack<DirectoryInfo>();
            pending.Push(new DirectoryInfo(root));
            while (pending.Count > 0)
            {
                var dir = pending.Pop();
                // One listing per folder, its entries' sizes and times from that listing: a re-import of an unchanged
                // tree is mostly this walk, and listing files and folders apart, then stat-ing each file, read it twice.
                var files = new List<LogFile>();
                var subfolders = new List<DirectoryInfo>();
                try
                {
                    foreach (var entry in dir.EnumerateFileSystemInfos())
                    {
                        try
                        {
                            if (entry is DirectoryInfo sub)
                            {
                                // Symbolic links to folders could loop; Claude Code and Codex never create them.
                                if ((entry.Attributes & FileAttributes.ReparsePoint) == 0) subfolders.Add(sub);
                            }
                            else if (entry is FileInfo file && accept(file.Name))
                            {
                                files.Add(new LogFile(file.FullName, file.Length, file.LastWriteTimeUtc));
                            }
                        }
                        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                        {
                            // This entry only (deleted since the listing, or unreadable): the rest of the folder imports.
                            unreadable.Add(new UnreadableFile(entry.FullName, ex.Message));
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    unreadable.Add(new UnreadableFile(dir.FullName, ex.Message));
                    continue;
                }
                // In name order whatever order the file system lists them in, so imports see files in one order on every
                // machine; subfolders go on the stack last name first, so they are walked first name first.
                files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
                found.AddRange(files);
                subfolders.Sort((a, b) => string.CompareOrdinal(b.FullName, a.FullName));
                foreach (var sub in subfolders) pending.Push(sub);
            }
        }

        private static void Add(List<LogFile> found, string path, List<UnreadableFile> unreadable)
        {
            try
            {
                var info = new FileInfo(path);
                found.Add(new LogFile(info.FullName, info.Length, info.LastWriteTimeUtc));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                unreadable.Add(new UnreadableFile(path, ex.Message));
            }
        }

        internal static string Home
        {
            get
            {
                var home = Environment.GetEnvironmentVariable("HOME");
                return string.IsNullOrWhiteSpace(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home!;
            }
        }
    }
}
