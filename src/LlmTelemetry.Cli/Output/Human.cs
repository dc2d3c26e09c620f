using System;
using System.Globalization;
using LlmTelemetry.Exporters;
using Spectre.Console;

namespace LlmTelemetry.Cli.Output
{
    /// <summary>
    /// Human output: Spectre.Console tables, colour only on a terminal and never with NO_COLOR, full width when
    /// piped (so `| less` and CI logs do not wrap). Created lazily: --json runs never load Spectre. Every value shown
    /// goes through <see cref="TerminalText.Escape"/> (control characters made visible) and, where Spectre parses
    /// markup (cells, titles, notes), Markup.Escape: stored text can neither drive the terminal nor style the table.
    /// </summary>
    internal static class Human
    {
        private static IAnsiConsole? _console;

        public static IAnsiConsole Console => _console ??= Create();

        private static IAnsiConsole Create()
        {
            bool noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
            bool redirected = System.Console.IsOutputRedirected;
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = noColor || redirected ? AnsiSupport.No : AnsiSupport.Detect,
                ColorSystem = noColor || redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
                Out = new AnsiConsoleOutput(System.Console.Out),
            });
            if (redirected) console.Profile.Width = 200;
            return console;
        }

        public static Table NewTable(string? title, params string[] columns)
        {
            var table = new Table().Border(TableBorder.Rounded);
            if (title is not null) table.Title = new TableTitle(E(title));
            foreach (var c in columns)
            {
                var column = new TableColumn(Markup.Escape(c));
                if (IsNumeric(c)) column.RightAligned();
                table.AddColumn(column);
            }
            return table;
        }

        private static bool IsNumeric(string column) => column switch
        {
            "Calls" or "Input" or "Output" or "Cache write" or "Cache read" or "Reasoning" or "Total tokens" or "Cost" or "Unpriced"
                or "Sessions" or "Avg ms" or "p50 ms" or "p95 ms" or "p99 ms" or "Failed" or "Tokens" or "Duration ms" or "Share" or "Count" => true,
            _ => false,
        };

        public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        /// <summary>Dollars with 2 decimals for large sums and up to 4 for small ones.</summary>
        public static string Usd(double value)
        {
            if (value == 0) return "$0.00";
            return Math.Abs(value) >= 1 ? "$" + value.ToString("N2", CultureInfo.InvariantCulture) : "$" + value.ToString("0.00##", CultureInfo.InvariantCulture);
        }

        public static string Ms(double? value) => value is null ? "-" : value.Value.ToString("N0", CultureInfo.InvariantCulture);

        public static string Pct(double? value) => value is null ? "-" : (value.Value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        /// <summary>A value for a cell, title or header: control characters escaped, then Spectre markup escaped.</summary>
        public static string E(string? s) => Markup.Escape(TerminalText.Escape(s ?? "(none)"));

        public static void Note(string text) => Console.MarkupLine("[grey]" + E(text) + "[/]");

        public static void Warn(string text) => Console.MarkupLine("[yellow]" + E(text) + "[/]");

        /// <summary>A plain line on standard output (no markup), control characters escaped.</summary>
        public static void Line(string text) => Console.WriteLine(TerminalText.Escape(text));

        /// <summary>
        /// A line on standard error ("error: …", "warning: …", progress notes), control characters escaped: messages quote
        /// what the user or a file gave. Plain Console, so --json runs still never load Spectre.
        /// </summary>
        public static void Error(string text) => System.Console.Error.WriteLine(TerminalText.Escape(text));
    }
}
