using System;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace LlmTelemetry.Exporters.Otlp
{
    /// <summary>
    /// The pieces of the OTLP/JSON encoding (the protobuf JSON mapping with lowerCamelCase keys) every request shares:
    /// attributes as AnyValue, 64-bit integers and nanosecond times as strings, the resource and the scope.
    /// </summary>
    internal static class OtlpJson
    {
        /// <summary>The scope's version: the product's, without the build's commit.</summary>
        public static readonly string ScopeVersion = Version();

        private static string Version()
        {
            var info = typeof(OtlpJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (string.IsNullOrEmpty(info)) return typeof(OtlpJson).Assembly.GetName().Version?.ToString() ?? "0";
            int plus = info!.IndexOf('+');
            return plus < 0 ? info : info.Substring(0, plus);
        }

        private static readonly long UnixEpochTicks = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        /// <summary>Nanoseconds since the Unix epoch, as the string the JSON mapping gives a fixed64.</summary>
        public static string Nanos(DateTimeOffset at) => ((at.UtcTicks - UnixEpochTicks) * 100).ToString(CultureInfo.InvariantCulture);

        public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static void String(Utf8JsonWriter w, string key, string? value)
        {
            if (value is null) return;
            Start(w, key);
            w.WriteString("stringValue", value);
            End(w);
        }

        public static void Int(Utf8JsonWriter w, string key, long? value)
        {
            if (value is not long v) return;
            Start(w, key);
            w.WriteString("intValue", Int(v));
            End(w);
        }

        public static void Double(Utf8JsonWriter w, string key, double? value)
        {
            if (value is not double v) return;
            Start(w, key);
            w.WriteNumber("doubleValue", v);
            End(w);
        }

        public static void Bool(Utf8JsonWriter w, string key, bool value)
        {
            Start(w, key);
            w.WriteBoolean("boolValue", value);
            End(w);
        }

        /// <summary>"resource": service.name and host.name (the records' host, already hashed when anonymised).</summary>
        private static void Resource(Utf8JsonWriter w, string? host)
        {
            w.WriteStartObject("resource");
            w.WriteStartArray("attributes");
            String(w, OtlpNames.ServiceName, OtlpNames.Service);
            String(w, OtlpNames.HostName, host);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>
        /// The envelope both requests repeat per resource: {"resource":…, "&lt;scopes&gt;":[{"scope":…, "&lt;items&gt;":[…]}]}
        /// (scopeLogs/logRecords, scopeMetrics/metrics), the items written by <paramref name="items"/>.
        /// </summary>
        public static void ResourceEntry(Utf8JsonWriter w, string? host, string scopes, string itemsName, Action items)
        {
            w.WriteStartObject();
            Resource(w, host);
            w.WriteStartArray(scopes);
            w.WriteStartObject();
            Scope(w);
            w.WriteStartArray(itemsName);
            items();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void Scope(Utf8JsonWriter w)
        {
            w.WriteStartObject("scope");
            w.WriteString("name", OtlpNames.Scope);
            w.WriteString("version", ScopeVersion);
            w.WriteEndObject();
        }

        private static void Start(Utf8JsonWriter w, string key)
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteStartObject("value");
        }

        private static void End(Utf8JsonWriter w)
        {
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
