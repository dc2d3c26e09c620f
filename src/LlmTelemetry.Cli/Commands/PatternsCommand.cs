using System.CommandLine;
using System.Text.Json;
using System.Linq;
using LlmTelemetry.Cli.Output;
using Spectre.Console;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`patterns`: peak hours, busiest weekday, most common operations.</summary>
    internal static class PatternsCommand
    {
        public static Command Create() => UsageCommand.Create("patterns", "When and how: peak hours, busiest weekday, most common operations (default: the last 7 days)", JsonFields, Tables);

        internal static void JsonFields(Utf8JsonWriter w, UsageStats s)
        {
            JsonOut.Slots(w, "peak_hours", s.PeakHours, "hour");
            JsonOut.StringOrNull(w, "busiest_weekday", s.BusiestWeekday);
            JsonOut.Slots(w, "weekdays", s.Weekdays, "weekday");
            JsonOut.Slots(w, "hours", s.Hours, "hour");
            JsonOut.NamedList(w, "top_operations", s.TopOperations);
        }

        private static void Tables(DateRange? range, UsageStats s)
        {
            long max = s.Hours.Count == 0 ? 0 : s.Hours.Max(h => h.Calls);
            var hours = Human.NewTable($"Calls by local hour, {range?.SinceText} .. {range?.UntilText}", "Hour", "Calls", "");
            foreach (var h in s.Hours.Where(h => h.Calls > 0))
                hours.AddRow(h.Label, Human.N(h.Calls), new string('█', max == 0 ? 0 : (int)System.Math.Ceiling(h.Calls * 30.0 / max)));
            Human.Console.Write(hours);
            var days = Human.NewTable("By weekday", "Weekday", "Calls", "Cost");
            foreach (var d in s.Weekdays) days.AddRow(d.Label == s.BusiestWeekday ? "[bold]" + d.Label + "[/]" : d.Label, Human.N(d.Calls), Human.Usd(d.CostUsd));
            Human.Console.Write(days);
            var ops = Human.NewTable("Most common operations", "Operation", "Calls", "Cost");
            foreach (var o in s.TopOperations) ops.AddRow(Human.E(o.Name), Human.N(o.Calls), Human.Usd(o.CostUsd));
            Human.Console.Write(ops);
        }
    }
}
