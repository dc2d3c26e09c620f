using System;
using System.CommandLine;
using System.Linq;
using LlmTelemetry.Cli;
using LlmTelemetry.Cli.Commands;
using LlmTelemetry.Cli.Output;

var root = new RootCommand("llm-telemetry: what you spend on LLMs, on what, and how fast it is.");
root.Options.Add(CliOptions.Dir);
root.Options.Add(CliOptions.Json);
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);

// No response files: System.CommandLine would read "@x" as a file of more arguments, so "--project @scope/pkg"
// failed and "--agent @/etc/passwd" turned that file's lines into arguments (and echoed them in errors).
var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Human.Error("error: " + error.Message);
    Console.Error.WriteLine("Run 'llm-telemetry --help' (or '<command> --help') for usage.");
    return CommandRunner.BadArguments;
}
return parse.Invoke();
