using System;
using System.Collections.Generic;
using System.IO;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// What a usage line of a Claude Code log says once the file it is in is known: the agent (built once per subagent id, not
    /// on every line), and the project (the cwd's folder, or the log's folder under projects/).
    /// </summary>
    internal sealed class ClaudeCodeNames
    {
        private readonly Dictionary<string, string> _progress = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _agents = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly string _path;
        private string? _lastCwd;
        private string? _lastProject;
        private string? _folderProject;
        private bool _folderProjectKnown;

        public ClaudeCodeNames(string path) => _path = path;

        /// <summary>The agent that made the call.</summary>
        public string Agent(in ClaudeCodeLine parsed)
        {
            if (parsed.IsProgress)
            {
                var id = parsed.ProgressAgentId ?? parsed.ParentToolUseId;
                if (id is null) return "subagent:unknown";
                if (!_progress.TryGetValue(id, out var named)) _progress[id] = named = "subagent:" + id;
                return named;
            }
            if (parsed.AgentId is not null)
            {
                if (!_agents.TryGetValue(parsed.AgentId, out var name)) _agents[parsed.AgentId] = name = "subagent:" + parsed.AgentId;
                return name;
            }
            return parsed.IsSidechain ? "sidechain" : "claude-code";
        }

        public string? Project(string? cwd)
        {
            if (!_folderProjectKnown)
            {
                // Without a cwd, the log's folder under projects/ (Claude Code's encoded path) still names the project.
                _folderProject = FolderProject(_path);
                _folderProjectKnown = true;
                _lastCwd = cwd;
                _lastProject = ImportRun.ProjectName(cwd) ?? _folderProject;
            }
            else if (!string.Equals(cwd, _lastCwd, StringComparison.Ordinal))
            {
                _lastCwd = cwd;
                _lastProject = ImportRun.ProjectName(cwd) ?? _folderProject;
            }
            return _lastProject;
        }

        private static string? FolderProject(string path)
        {
            var parts = path.Split('/', '\\');
            for (int i = parts.Length - 2; i > 0; i--)
                if (string.Equals(parts[i - 1], "projects", StringComparison.Ordinal)) return parts[i];
            return null;
        }
    }
}
