using System;

namespace LlmTelemetry.Cli.Tests.Serve
{
    /// <summary>One demo store and one server for the read-only API tests (the DELETE tests make their own).</summary>
    public sealed class ServeStoreFixture : IDisposable
    {
        public ServeStoreFixture()
        {
            Sandbox = new CliSandbox();
            Sandbox.Run("demo", "--dir", Sandbox.Store, "--days", "12", "--per-day", "40", "--json").Ok();
            Server = new ServeProcess(Sandbox);
        }

        public CliSandbox Sandbox { get; }
        public ServeProcess Server { get; }

        public void Dispose()
        {
            Server.Dispose();
            Sandbox.Dispose();
        }
    }
}
