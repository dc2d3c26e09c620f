using System.Collections.Generic;
using System.CommandLine;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>Every subcommand of llm-telemetry, in help order.</summary>
    internal static class CommandCatalog
    {
        public static IEnumerable<Command> All()
        {
            yield return StatsCommand.Create();
            yield return CostsCommand.Create();
            yield return BreakdownCommand.CreateModels();
            yield return BreakdownCommand.CreateAgents();
            yield return PerformanceCommand.Create();
            yield return PatternsCommand.Create();
            yield return BlocksCommand.Create();
            yield return EventsCommand.Create();
            yield return RecordCommand.Create();
            yield return ExportCommand.Create();
            yield return ImportCommand.Create();
            yield return SendCommand.Create();
            yield return ReportCommand.Create();
            yield return ServeCommand.Create();
            yield return StatusLineCommand.Create();
            yield return ChatCommand.Create();
            yield return BudgetCommand.Create();
            yield return PruneCommand.Create();
            yield return RegistryCommand.Create();
            yield return DemoCommand.Create();
        }
    }
}
