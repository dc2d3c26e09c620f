using System;
using System.IO;
using LlmTelemetry.Records;

namespace LlmTelemetry.Configuration
{
    /// <summary>
    /// Where a call is made from: the project (the git root's folder name, else the current folder's), the git
    /// branch (read from .git/HEAD; no git process is started) and the machine name.
    /// </summary>
    public sealed record CallContext(string? Project, string? GitBranch, string Host)
    {
        /// <summary>The context of <paramref name="directory"/> (default: the current folder).</summary>
        public static CallContext Detect(string? directory = null)
        {
            var start = new DirectoryInfo(directory ?? Environment.CurrentDirectory);
            var gitRoot = FindGitRoot(start);
            string? project = (gitRoot ?? start).Name;
            if (string.IsNullOrEmpty(project) || project == Path.DirectorySeparatorChar.ToString()) project = null;
            // A folder or branch name with control characters is left unknown rather than failing every record made in it
            // (names given explicitly are refused instead, see RecordValidator.ValidateNames).
            return new CallContext(Printable(project), gitRoot is null ? null : Printable(ReadBranch(gitRoot)), Environment.MachineName);
        }

        /// <summary>Fills project, branch and host on <paramref name="metadata"/> where it has none.</summary>
        public RecordMetadata ApplyTo(RecordMetadata metadata) => metadata with
        {
            Project = metadata.Project ?? Project,
            GitBranch = metadata.GitBranch ?? GitBranch,
            Host = metadata.Host ?? Host,
        };

        private static string? Printable(string? name) => name is not null && RecordValidator.HasControlChars(name) ? null : name;

        private static DirectoryInfo? FindGitRoot(DirectoryInfo? dir)
        {
            for (; dir is not null; dir = dir.Parent)
            {
                var git = Path.Combine(dir.FullName, ".git");
                if (Directory.Exists(git) || File.Exists(git)) return dir;
            }
            return null;
        }

        /// <summary>The branch named in HEAD; a detached HEAD gives the short commit id. Worktrees' ".git" files are followed.</summary>
        internal static string? ReadBranch(DirectoryInfo gitRoot)
        {
            try
            {
                string gitPath = Path.Combine(gitRoot.FullName, ".git");
                string gitDir = gitPath;
                if (File.Exists(gitPath))
                {
                    // A worktree or submodule: ".git" is a file "gitdir: <path>".
                    var pointer = File.ReadAllText(gitPath).Trim();
                    if (!pointer.StartsWith("gitdir:", StringComparison.Ordinal)) return null;
                    gitDir = pointer.Substring(7).Trim();
                    if (!Path.IsPathRooted(gitDir)) gitDir = Path.GetFullPath(Path.Combine(gitRoot.FullName, gitDir));
                }
                var headPath = Path.Combine(gitDir, "HEAD");
                if (!File.Exists(headPath)) return null;
                var head = File.ReadAllText(headPath).Trim();
                const string prefix = "ref: refs/heads/";
                if (head.StartsWith(prefix, StringComparison.Ordinal)) return head.Substring(prefix.Length);
                return head.Length >= 7 ? head.Substring(0, 7) : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // An unreadable repository leaves the branch unknown; the call is still recorded.
                return null;
            }
        }
    }
}
