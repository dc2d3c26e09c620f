using System;
using System.IO;

namespace LlmTelemetry.Tests.Support
{
    /// <summary>Finds the repository root (the folder with LlmTelemetry.slnx) and the shared fixtures beside it.</summary>
    public static class RepoPaths
    {
        public static string Root
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LlmTelemetry.slnx"))) dir = dir.Parent;
                return dir?.FullName ?? throw new InvalidOperationException("repository root (LlmTelemetry.slnx) not found above " + AppContext.BaseDirectory);
            }
        }

        public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

        /// <summary>../shared/fixtures beside the repository; a test that needs it and cannot find it fails naming the path.</summary>
        public static string Fixtures => Existing(Path.Combine(Shared, "fixtures"));

        /// <summary>A folder under the fixtures (api, claude-code, codex, gemini), or a failure naming the missing path.</summary>
        public static string FixtureFolder(string name) => Existing(Path.Combine(Fixtures, name));

        private static string Existing(string folder)
            => Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException("fixture folder missing: " + folder);

        /// <summary>Debug or Release: whatever this test assembly was built as, so helpers are taken from the same build.</summary>
        public static string Configuration
            => AppContext.BaseDirectory.Replace('\\', '/').Contains("/Release/") ? "Release" : "Debug";

        public static string StoreWriterDll
            => Path.Combine(Root, "tests", "LlmTelemetry.StoreWriter", "bin", Configuration, "net10.0", "LlmTelemetry.StoreWriter.dll");
    }
}
