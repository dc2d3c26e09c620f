using System;
using System.Security.Cryptography;
using System.Text;

namespace LlmTelemetry.Cli.Serve
{
    /// <summary>The per-run access token: 32 random bytes, base64url without padding (safe in a URL and a cookie).</summary>
    internal sealed class ServeToken
    {
        public ServeToken()
        {
            Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public string Value { get; }

        /// <summary>Compared in constant time, so response timing tells nothing about how much of a guess was right.</summary>
        public bool Matches(string? candidate)
        {
            if (candidate is null) return false;
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Value));
        }
    }
}
