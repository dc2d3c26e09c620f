using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;

namespace LlmTelemetry.Exporters.ClickHouse
{
    /// <summary>
    /// Which ClickHouse failures a retry cannot mend. ClickHouse answers a row it cannot parse, an unknown table or
    /// column and a refused login with HTTP 500 as often as with 4xx (18.16 does for every INSERT error), so the status
    /// alone would retry them until the attempts are spent. The error code says what it is: current releases send it
    /// as X-ClickHouse-Exception-Code, every release starts the body with "Code: N".
    /// </summary>
    internal static class ClickHouseErrors
    {
        private static readonly Regex BodyCode = new Regex(@"^\s*Code:\s*(\d+)", RegexOptions.CultureInvariant);

        /// <summary>
        /// Codes of bad input, schema and access errors (ErrorCodes.cpp): parse errors (6, 26, 27, 38, 41, 72, 117),
        /// types and names (16, 47, 53, 60, 62, 81), logins and grants (192, 193, 194, 497, 516). Anything else (too
        /// many parts, memory, timeouts, a server shutting down) may pass and is retried.
        /// </summary>
        private static readonly HashSet<int> Permanent = new HashSet<int> { 6, 16, 26, 27, 38, 41, 47, 53, 60, 62, 72, 81, 117, 192, 193, 194, 497, 516 };

        public static bool IsPermanent(HttpResponseMessage response, string body)
        {
            int? code = null;
            if (response.Headers.TryGetValues("X-ClickHouse-Exception-Code", out var values)
                && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int fromHeader))
                code = fromHeader;
            else if (BodyCode.Match(body) is { Success: true } m && int.TryParse(m.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int fromBody))
                code = fromBody;
            return code is int c && Permanent.Contains(c);
        }
    }
}
