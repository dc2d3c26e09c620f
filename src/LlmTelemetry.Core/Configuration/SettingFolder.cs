using System;
using System.IO;
using LlmTelemetry.Records;

namespace LlmTelemetry.Configuration
{
    /// <summary>
    /// The rules a folder setting (the store root from a parameter, LLM_TELEMETRY_DIR or the config file, and
    /// LLM_TELEMETRY_CONFIG_DIR) must meet: not empty, no control characters, and either a folder or nothing yet.
    /// A file, a dangling symbolic link or a link loop used to read as "no telemetry yet" (or as no config), which hid
    /// the mistake; now each is an error naming the path.
    /// </summary>
    internal static class SettingFolder
    {
        /// <summary>The full path of <paramref name="path"/>; <paramref name="invalid"/> builds the error for a broken rule.</summary>
        public static string Resolve(string path, string? baseDirectory, Func<string, TelemetryException> invalid)
        {
            if (string.IsNullOrWhiteSpace(path)) throw invalid("must not be empty");
            foreach (char c in path)
                if (char.IsControl(c)) throw invalid("must not contain control characters");
            string full;
            try
            {
                var trimmed = path.Trim();
                full = Path.GetFullPath(string.IsNullOrEmpty(baseDirectory) ? trimmed : Path.Combine(baseDirectory, trimmed));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw invalid("is not a usable folder path: " + ex.Message);
            }
            if (Problem(full) is string problem) throw invalid(problem);
            return full;
        }

        /// <summary>Null when <paramref name="full"/> is a folder or can become one; else what is wrong with it.</summary>
        private static string? Problem(string full)
        {
            // The usual case costs one stat: the folder is there.
            if (Directory.Exists(full)) return null;
            for (string? at = full; at is not null; at = Path.GetDirectoryName(at))
            {
                if (Directory.Exists(at)) return null; // nothing below it yet: the store creates the rest
                FileAttributes attributes;
                try
                {
                    attributes = File.GetAttributes(at);
                }
                catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
                {
                    continue; // missing: look at the parent
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Cannot even look (a parent folder we may not enter): not "no telemetry", a failure to read.
                    throw TelemetryException.ForIo(TelemetryOperation.Read, full, ex);
                }
                string what = (attributes & FileAttributes.ReparsePoint) != 0
                    ? "a symbolic link that leads to no folder (dangling, a loop, or a link to a file)"
                    : "a file, not a folder";
                return at == full ? "is " + what : $"is inside {at}, which is {what}";
            }
            return null;
        }
    }
}
