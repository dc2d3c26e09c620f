using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Budgets
{
    /// <summary>"daily", "weekly", "monthly" in the config file, as people write them.</summary>
    internal sealed class BudgetPeriodJsonConverter : JsonConverter<BudgetPeriod>
    {
        public override BudgetPeriod Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("expected daily, weekly or monthly");
            try { return Budget.ParsePeriod(reader.GetString()!); }
            catch (TelemetryValidationException ex) { throw new JsonException(ex.Message); }
        }

        public override void Write(Utf8JsonWriter writer, BudgetPeriod value, JsonSerializerOptions options) => writer.WriteStringValue(Budget.PeriodName(value));
    }
}
