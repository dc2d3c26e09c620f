using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Exporters.ClickHouse
{
    /// <summary>
    /// A real ClickHouse for the tests: the server LLMT_CLICKHOUSE_URL names (.ci/run starts one), else one started
    /// here through .ci/servers (Debian's /usr/sbin/clickhouse-server on free loopback ports, a temp data folder and
    /// the script's generated config, so the server's setup is written once), stopped and deleted on dispose.
    /// </summary>
    public sealed class ClickHouseServer : IDisposable
    {
        public const string UrlVariable = "LLMT_CLICKHOUSE_URL";

        /// <summary>The test-only account .ci/servers' users.xml defines, for the tests of password authentication.</summary>
        public const string PasswordUser = "llmt_sender";
        public const string TestPassword = "llmt-test-only-password";

        private readonly string? _folder;
        private int _databases;

        public ClickHouseServer()
        {
            string? given = Environment.GetEnvironmentVariable(UrlVariable);
            if (!string.IsNullOrEmpty(given))
            {
                Url = new Uri(given!);
                return;
            }
            const string binary = "/usr/sbin/clickhouse-server";
            if (!File.Exists(binary))
                throw new InvalidOperationException($"the ClickHouse tests need {binary}: apt-get install -y --no-install-recommends clickhouse-server clickhouse-client (or set {UrlVariable})");
            _folder = Path.Combine(Path.GetTempPath(), "llmt-tests", "clickhouse-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_folder);
            // The script waits for /ping to answer "Ok." (with a deadline) before it prints the URL.
            string output = RunScript("start clickhouse");
            foreach (var line in output.Split('\n'))
            {
                const string prefix = "export " + UrlVariable + "=";
                if (line.StartsWith(prefix, StringComparison.Ordinal)) Url = new Uri(line.Substring(prefix.Length).Trim());
            }
            if (Url is null)
            {
                Dispose();
                throw new InvalidOperationException(".ci/servers start printed no " + UrlVariable + ": " + output);
            }
        }

        public Uri Url { get; } = null!;

        public HttpClient Http { get; } = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        /// <summary>A database name no other test uses (on a shared server, none an earlier run used either).</summary>
        public string NewDatabase(string test)
            => "llmt_" + test + "_" + Interlocked.Increment(ref _databases) + "_" + Guid.NewGuid().ToString("N").Substring(0, 8);

        /// <summary>Runs a statement as the default user; returns the answer, or throws with ClickHouse's message.</summary>
        public async Task<string> QueryAsync(string sql)
        {
            using var response = await Http.PostAsync(Url, new StringContent(sql, Encoding.UTF8, "text/plain"));
            string body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"ClickHouse answered {(int)response.StatusCode} to {sql}: {body}");
            return body.TrimEnd('\n');
        }

        /// <summary>The rows of a query, each field unescaped from TabSeparated's backslash escapes.</summary>
        public async Task<List<string[]>> RowsAsync(string sql)
        {
            var rows = new List<string[]>();
            foreach (var line in (await QueryAsync(sql + " FORMAT TabSeparated")).Split('\n'))
                if (line.Length > 0) rows.Add(Array.ConvertAll(line.Split('\t'), Unescape));
            return rows;
        }

        private static string Unescape(string field)
        {
            if (field.IndexOf('\\') < 0) return field;
            var sb = new StringBuilder(field.Length);
            for (int i = 0; i < field.Length; i++)
            {
                char c = field[i];
                if (c != '\\' || i + 1 == field.Length) { sb.Append(c); continue; }
                char e = field[++i];
                sb.Append(e switch { 't' => '\t', 'n' => '\n', 'r' => '\r', '0' => '\0', 'b' => '\b', 'f' => '\f', _ => e });
            }
            return sb.ToString();
        }

        public void Dispose()
        {
            Http.Dispose();
            if (_folder is null) return;
            try
            {
                RunScript("stop");
            }
            finally
            {
                Directory.Delete(_folder, recursive: true);
            }
        }

        private string RunScript(string arguments)
        {
            var info = new ProcessStartInfo("bash", Path.Combine(RepoPaths.Root, ".ci", "servers") + " " + arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["TMPDIR"] = _folder;
            info.Environment["LLMT_SERVERS_STATE"] = Path.Combine(_folder!, "state");
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(".ci/servers " + arguments + " did not finish within 120 s");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($".ci/servers {arguments} failed ({process.ExitCode}): {stderr.Result}");
            return stdout;
        }
    }

    [CollectionDefinition(Name)]
    public sealed class ClickHouseCollection : ICollectionFixture<ClickHouseServer>
    {
        public const string Name = "clickhouse";
    }
}
