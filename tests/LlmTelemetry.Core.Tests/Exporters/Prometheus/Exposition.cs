using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LlmTelemetry.Tests.Exporters.Prometheus
{
    /// <summary>One sample of a text exposition: the metric name, its labels (escapes undone) and its value.</summary>
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : "";
    }

    /// <summary>A small parser of the Prometheus text format 0.0.4 as a gateway serves it (HELP/TYPE lines skipped).</summary>
    public static class Exposition
    {
        public static List<Sample> Parse(string text)
        {
            var samples = new List<Sample>();
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                if (line.Length == 0 || line[0] == '#') continue;
                int i = 0;
                while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
                string name = line.Substring(0, i);
                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                if (i < line.Length && line[i] == '{')
                {
                    i++;
                    while (line[i] != '}')
                    {
                        int eq = line.IndexOf('=', i);
                        string label = line.Substring(i, eq - i).Trim(',', ' ');
                        i = eq + 2; // past ="
                        var value = new StringBuilder();
                        while (line[i] != '"')
                        {
                            if (line[i] == '\\')
                            {
                                i++;
                                value.Append(line[i] == 'n' ? '\n' : line[i]);
                            }
                            else value.Append(line[i]);
                            i++;
                        }
                        i++;
                        if (line[i] == ',') i++;
                        labels[label] = value.ToString();
                    }
                    i++;
                }
                var rest = line.Substring(i).Trim().Split(' ');
                samples.Add(new Sample(name, labels, ParseValue(rest[0])));
            }
            return samples;
        }

        private static double ParseValue(string text) => text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };

        /// <summary>The samples of one group (job and instance labels, as the gateway adds them).</summary>
        public static List<Sample> OfGroup(IEnumerable<Sample> samples, string job, string instance)
            => samples.Where(s => s.Label("job") == job && s.Label("instance") == instance).ToList();
    }
}
