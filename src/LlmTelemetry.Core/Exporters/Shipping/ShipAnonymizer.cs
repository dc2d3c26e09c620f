using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>
    /// `--anonymize`: user ids and host names leave the machine as HMAC-SHA256 under the team's salt, so one person
    /// or machine is the same hash on every machine of the team (totals per host still add up) and no one without
    /// the salt can test a guess. The salt comes from <see cref="SaltVariable"/> or a parameter, never from a file.
    /// </summary>
    internal sealed class ShipAnonymizer
    {
        public const string SaltVariable = "LLM_TEAM_SALT";

        /// <summary>The salt must be long enough that guessing it is no shortcut to guessing the names.</summary>
        public const int MinimumSaltLength = 16;

        private readonly byte[]? _key;
        private readonly Dictionary<string, string> _seen = new Dictionary<string, string>(StringComparer.Ordinal);

        private ShipAnonymizer(byte[]? key) => _key = key;

        /// <summary>Leaves every value as it is: `send` without --anonymize.</summary>
        public static readonly ShipAnonymizer None = new ShipAnonymizer(null);

        public bool Enabled => _key is not null;

        /// <summary>
        /// The anonymiser for a salt given as a parameter, else <see cref="SaltVariable"/>; throws naming both when
        /// neither is set or the salt is shorter than <see cref="MinimumSaltLength"/> characters (the salt is never shown).
        /// </summary>
        public static ShipAnonymizer FromSalt(string? salt, string parameter)
        {
            salt ??= Environment.GetEnvironmentVariable(SaltVariable);
            if (string.IsNullOrEmpty(salt))
                throw new TelemetryValidationException(parameter, null,
                    $"anonymising needs the team's salt: set {SaltVariable} (the same value on every machine of the team)");
            if (salt!.Length < MinimumSaltLength)
                throw new TelemetryValidationException(parameter, "(" + salt.Length + " characters)",
                    $"the salt in {SaltVariable} must be at least {MinimumSaltLength} characters");
            return new ShipAnonymizer(Encoding.UTF8.GetBytes(salt));
        }

        /// <summary>"h:" and 32 hex digits (128 bits of the HMAC) for a value; null and "" stay as they are.</summary>
        public string? Hash(string? value)
        {
            if (_key is null || string.IsNullOrEmpty(value)) return value;
            if (_seen.TryGetValue(value!, out var known)) return known;
            using var hmac = new HMACSHA256(_key);
            byte[] mac = hmac.ComputeHash(Encoding.UTF8.GetBytes(value));
            var sb = new StringBuilder("h:", 34);
            for (int i = 0; i < 16; i++) sb.Append(mac[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            string hashed = sb.ToString();
            if (_seen.Count < 4096) _seen[value!] = hashed;
            return hashed;
        }

        /// <summary>
        /// The record as it is shipped: user and host hashed when anonymising, and the free-form payload left out
        /// then, since it can hold anything the caller put there. Prompt and response text are never in a record.
        /// </summary>
        public TelemetryRecord Apply(TelemetryRecord record)
        {
            if (_key is null) return record;
            var metadata = record.Metadata ?? RecordMetadata.Empty;
            return record with
            {
                UserId = Hash(record.UserId),
                Metadata = metadata with { Host = Hash(metadata.Host) },
                Payload = null,
            };
        }
    }
}
