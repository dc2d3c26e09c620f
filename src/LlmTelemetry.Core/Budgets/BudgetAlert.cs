using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace LlmTelemetry.Budgets
{
    /// <summary>A budget passed one of its thresholds in this period, for the first time (<see cref="BudgetAlerts.Check"/>).</summary>
    public sealed record BudgetAlert(BudgetStatus Status, int Threshold)
    {
        public Budget Budget => Status.Budget;

        /// <summary>The sentence front ends warn with (Write-Warning, the CLI's stderr, the status line).</summary>
        public string Message
        {
            get
            {
                var b = Status.Budget;
                string span = b.Period switch { BudgetPeriod.Daily => "today", BudgetPeriod.Weekly => "this week", _ => "this month" };
                return string.Format(CultureInfo.InvariantCulture,
                    "budget '{0}' ({1}, {2}) passed {3}%: ${4:N2} of ${5:N2} spent {6}",
                    b.Name, Budget.PeriodName(b.Period), b.Scope, Threshold, Status.SpentUsd, b.AmountUsd, span);
            }
        }

        /// <summary>
        /// What the hook reads on stdin: one JSON object, {"type":"budget_alert","budget","period","scope","threshold",
        /// "period_start","period_end","spent_usd","amount_usd","percent","projected_usd","enforce","message"}.
        /// </summary>
        public string ToJson()
        {
            using var buffer = new MemoryStream();
            // Read by shell tools (jq, a webhook body): apostrophes and + as themselves, not \u0027 and \u002B.
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                var b = Status.Budget;
                w.WriteStartObject();
                w.WriteString("type", "budget_alert");
                w.WriteString("budget", b.Name);
                w.WriteString("period", Budget.PeriodName(b.Period));
                w.WriteString("scope", b.Scope.ToString());
                w.WriteNumber("threshold", Threshold);
                w.WriteString("period_start", Status.PeriodStart.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture));
                w.WriteString("period_end", Status.PeriodEnd.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture));
                w.WriteNumber("spent_usd", Math.Round(Status.SpentUsd, 6));
                w.WriteNumber("amount_usd", b.AmountUsd);
                w.WriteNumber("percent", Math.Round(Status.Percent, 2));
                w.WriteNumber("projected_usd", Math.Round(Status.ProjectedUsd, 6));
                w.WriteBoolean("enforce", b.Enforce);
                w.WriteString("message", Message);
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
