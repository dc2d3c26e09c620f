using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters.ClickHouse
{
    /// <summary>
    /// Ships records and history rollups to ClickHouse over its HTTP interface: tables created when missing
    /// (<see cref="ClickHouseSchema"/>), one INSERT … FORMAT JSONEachRow per batch, streamed, through
    /// <see cref="ShipHttp"/> (retry with backoff; errors name the URL and status, never the credentials). Not
    /// thread-safe: the shipper sends one batch at a time.
    /// </summary>
    internal sealed class ClickHouseSink : IShipSink
    {
        public const string SinkName = "clickhouse";

        private readonly ShipHttp _http;
        private readonly Uri _base;
        private readonly AuthenticationHeaderValue? _auth;
        private readonly string _database;
        private readonly string _table;
        private readonly string _rollupTable;
        private readonly Uri _insertRecords;
        private readonly Uri _insertRollups;
        private ulong _lastRollupVersion;

        /// <summary>Checks the options (throws <see cref="TelemetryValidationException"/> naming --url, --database, --table or --batch-size).</summary>
        public ClickHouseSink(ClickHouseOptions options)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            _base = ValidateUrl(options.Url, options.UrlParameter);
            _database = ClickHouseSchema.ValidateName(options.Database, "--database");
            _table = ClickHouseSchema.ValidateName(options.Table, "--table");
            _rollupTable = ClickHouseSchema.ValidateName(options.EffectiveRollupTable, options.RollupTable is null ? "--table" : "--rollup-table");
            if (options.BatchSize < 1)
                throw new TelemetryValidationException("--batch-size", options.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 1");
            BatchSize = options.BatchSize;
            if (options.User is not null || options.Password is not null)
                _auth = ShipHttp.Basic(string.IsNullOrEmpty(options.User) ? "default" : options.User!, options.Password);
            _insertRecords = QueryUri("INSERT INTO " + ClickHouseSchema.Qualified(_database, _table) + " FORMAT JSONEachRow");
            _insertRollups = QueryUri("INSERT INTO " + ClickHouseSchema.Qualified(_database, _rollupTable) + " FORMAT JSONEachRow");
            Target = ShipHttp.Shown(_base).TrimEnd('/') + "/" + _database + "." + _table;
            _http = new ShipHttp(SinkName, options.Retry, http: options.Http, isPermanent: ClickHouseErrors.IsPermanent);
        }

        public string Name => SinkName;
        public string Target { get; }

        /// <summary>History days go to the rollup table.</summary>
        public bool AcceptsRollups => true;
        public int BatchSize { get; }

        /// <summary>Creates the database and both tables when missing (an existing table is left as it is, then checked for the columns the rows carry).</summary>
        public async Task PrepareAsync(CancellationToken cancellationToken)
        {
            foreach (var statement in ClickHouseSchema.Statements(_database, _table, _rollupTable))
                await RunAsync(statement, FirstLine(statement), cancellationToken).ConfigureAwait(false);
            await CheckColumnsAsync(_table, ClickHouseSchema.RecordColumns, cancellationToken).ConfigureAwait(false);
            await CheckColumnsAsync(_rollupTable, ClickHouseSchema.RollupColumns, cancellationToken).ConfigureAwait(false);
        }

        public Task SendRecordsAsync(IReadOnlyList<TelemetryRecord> batch, CancellationToken cancellationToken)
        {
            if (batch.Count == 0) return Task.CompletedTask;
            return _http.SendAsync(() => Post(_insertRecords, new JsonEachRowContent(batch.Count, (w, i) => ClickHouseRows.WriteRecord(w, batch[i]))), cancellationToken);
        }

        public async Task<bool> SendRollupDayAsync(DateTime utcDay, IReadOnlyList<ShipRollupRow> cells, CancellationToken cancellationToken)
        {
            if (cells.Count == 0) return true;
            // The send's time in ms, kept rising within this process so two sends of a day in one millisecond still
            // order (the later replaces the earlier).
            ulong version = Math.Max((ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastRollupVersion + 1);
            _lastRollupVersion = version;
            var day = utcDay.Date;
            await _http.SendAsync(() => Post(_insertRollups, new JsonEachRowContent(cells.Count, (w, i) => ClickHouseRows.WriteRollup(w, day, cells[i], version))), cancellationToken)
                .ConfigureAwait(false);
            return true;
        }

        public void Dispose() => _http.Dispose();

        /// <summary>Runs one statement (the query in the body, as ClickHouse takes every statement but INSERT data); wraps a failure with what was being done.</summary>
        private async Task<string> RunAsync(string statement, string doing, CancellationToken cancellationToken)
        {
            try
            {
                return await _http.SendAsync(() => Post(_base, new StringContent(statement, Encoding.UTF8, "text/plain")), cancellationToken).ConfigureAwait(false);
            }
            catch (ShipException e)
            {
                throw new ShipException(SinkName, $"{e.Message} (while running: {doing})", e);
            }
        }

        /// <summary>
        /// A table made by hand or by another version may lack a column the rows carry: ClickHouse would refuse the
        /// first INSERT with "Unknown field"; saying which columns are missing, before anything is sent, is clearer.
        /// </summary>
        private async Task CheckColumnsAsync(string table, IReadOnlyList<(string Name, string Type)> columns, CancellationToken cancellationToken)
        {
            string query = "SELECT name FROM system.columns WHERE database = '" + _database + "' AND table = '" + table + "' FORMAT TabSeparated";
            string answer = await RunAsync(query, "reading the columns of " + _database + "." + table, cancellationToken).ConfigureAwait(false);
            var present = new HashSet<string>(answer.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            var missing = columns.Select(c => c.Name).Where(n => !present.Contains(n)).ToList();
            if (missing.Count > 0)
                throw new ShipException(SinkName,
                    $"{SinkName}: the table {_database}.{table} at {ShipHttp.Shown(_base)} exists without the column{(missing.Count == 1 ? "" : "s")} "
                    + string.Join(", ", missing) + " that the sent rows carry: add them (docs/exporters/clickhouse.md has the table's statement) or send to another --table");
        }

        private HttpRequestMessage Post(Uri uri, HttpContent content)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
            if (_auth is not null) request.Headers.Authorization = _auth;
            return request;
        }

        private Uri QueryUri(string query) => new Uri(_base, "?query=" + Uri.EscapeDataString(query));

        private static string FirstLine(string statement)
        {
            int end = statement.IndexOf('\n');
            return end < 0 ? statement : statement.Substring(0, end);
        }

        /// <summary>The server's base URL, ending in '/'. Refuses anything but an absolute http(s) URL, and credentials or a query in it.</summary>
        private static Uri ValidateUrl(Uri? url, string parameter)
        {
            if (url is null) throw new TelemetryValidationException(parameter, null, "the ClickHouse HTTP interface's URL is required (for example http://localhost:8123)");
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                throw new TelemetryValidationException(parameter, ShipHttp.Shown(url), "must be an absolute http:// or https:// URL (for example http://localhost:8123)");
            // The value shown is the URL without its user part and query: either may hold the password.
            if (!string.IsNullOrEmpty(url.UserInfo))
                throw new TelemetryValidationException(parameter, ShipHttp.Shown(url),
                    $"must not hold a user or password: give the user with --user and the password in {ClickHouseOptions.PasswordVariable}");
            if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
                throw new TelemetryValidationException(parameter, ShipHttp.Shown(url),
                    "must not have a query or fragment (the sink writes the query; settings such as the database have their own parameters)");
            var builder = new UriBuilder(url);
            if (!builder.Path.EndsWith("/", StringComparison.Ordinal)) builder.Path += "/";
            return builder.Uri;
        }
    }
}
