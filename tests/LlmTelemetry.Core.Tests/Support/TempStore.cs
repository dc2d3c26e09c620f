using System;
using System.Collections.Generic;
using System.IO;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Tests.Support
{
    /// <summary>A real store in a fresh temp folder, isolated from the user's environment and config file.</summary>
    public sealed class TempStore : IDisposable
    {
        public TempStore(DateTimeOffset? now = null, Func<StoreOptions, StoreOptions>? configure = null)
        {
            Root = Path.Combine(Path.GetTempPath(), "llmt-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
            Now = now ?? new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
            Options = new StoreOptions
            {
                Root = Path.Combine(Root, "store"),
                AutoMaintenance = false,
                Clock = () => Now,
                Environment = new Dictionary<string, string?>(),
                ConfigFile = Path.Combine(Root, "config", "config.json"),
            };
            if (configure is not null) Options = configure(Options);
            Store = new TelemetryStore(Options);
        }

        public string Root { get; }
        public DateTimeOffset Now { get; set; }
        public StoreOptions Options { get; }
        public TelemetryStore Store { get; }
        public string StoreRoot => Store.Root;

        public TelemetryStore Reopen(Func<StoreOptions, StoreOptions>? configure = null)
            => new TelemetryStore(configure is null ? Options : configure(Options));

        public static TelemetryRecord Call(DateTimeOffset at, string model = "claude-sonnet-4-5", long input = 100, long output = 50,
            double? cost = 0.01, string? agent = "agent-a", string? session = "s1", long? durationMs = 1000, bool success = true,
            string? project = "proj", string? operation = "search", long cacheRead = 0, long cacheWrite = 0)
        {
            var b = new TelemetryRecordBuilder().At(at).Model(model).Provider("anthropic").Agent(agent).Session(session)
                .Operation(operation).Project(project).Host("test-host").Tokens(input: input, output: output, cacheReadInput: cacheRead, cacheCreationInput: cacheWrite)
                .Cost(cost).DurationMs(durationMs).Success(success);
            return b.Build();
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (IOException) { /* a killed child process may still hold a file for a moment; temp is cleaned by the OS */ }
            catch (UnauthorizedAccessException) { /* as above */ }
        }
    }
}
