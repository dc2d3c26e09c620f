using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Budgets
{
    /// <summary>A scope as its text form ("all", "project:spacewalker") in the config file.</summary>
    internal sealed class BudgetScopeJsonConverter : JsonConverter<BudgetScope>
    {
        public override BudgetScope Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("expected a scope such as \"all\" or \"project:name\"");
            try { return BudgetScope.Parse(reader.GetString()!); }
            catch (TelemetryValidationException ex) { throw new JsonException(ex.Message); }
        }

        public override void Write(Utf8JsonWriter writer, BudgetScope value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
