using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LlmTelemetry.Cli.Commands;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Exporters;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LlmTelemetry.Cli.Serve
{
    /// <summary>
    /// The /api/telemetry endpoints. Each binds its query string (<see cref="ApiQuery"/>), asks the core the question
    /// the matching command asks, and answers with that command's --json writer, so the API and the CLI cannot drift.
    /// </summary>
    internal sealed class TelemetryApi
    {
        /// <summary>The events page size when none is asked for (the seed's) and the most one page may hold.</summary>
        public const int DefaultLimit = 500;
        public const int MaxLimit = 10_000;

        private readonly TelemetryStore _store;

        public TelemetryApi(TelemetryStore store) => _store = store;

        /// <summary>
        /// Newest first, offset paging: "next" is the offset of the following page, null on the last. One page more than
        /// asked is read to know whether there is a next, so no total is counted (a full scan on a large store).
        /// include_payload=true keeps each record's payload; include_text=true adds the prompt_text and response_text
        /// the store kept (only with LLM_STORE_PROMPTS / LLM_STORE_RESPONSES on when the call was recorded).
        /// </summary>
        public Task Events(HttpContext ctx)
        {
            var q = new ApiQuery(ctx.Request.Query, ApiQuery.RangeNames, ApiQuery.FilterNames, new[] { "limit", "offset", "include_payload", "include_text" });
            int limit = q.Int("limit", DefaultLimit, 1, MaxLimit);
            int offset = q.Int("offset", 0, 0, int.MaxValue - MaxLimit - 1);
            bool payload = q.Flag("include_payload");
            bool text = q.Flag("include_text");
            var query = q.Records() with { NewestFirst = true, Skip = offset, Limit = limit + 1, Cancellation = ctx.RequestAborted };
            var diagnostics = new ReadDiagnostics();
            var page = _store.Query(query, diagnostics).Select(r => Shown(r, payload)).ToList();
            bool more = page.Count > limit;
            if (more) page.RemoveAt(page.Count - 1);
            // The prompt and response texts exist only where the user opted in to keeping them, and leave only when asked for.
            var texts = text ? _store.TextsOf(page) : null;
            return Json(ctx, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                EventsCommand.WriteEvents(w, page, texts);
                w.WriteNumber("offset", offset);
                w.WriteNumber("limit", limit);
                if (more) w.WriteNumber("next", offset + page.Count);
                else w.WriteNull("next");
                w.WriteNumber("skipped_lines", diagnostics.SkippedLines);
                w.WriteEndObject();
            });
        }

        public Task Stats(HttpContext ctx) => Usage(ctx, StatsCommand.JsonFields);

        public Task Performance(HttpContext ctx) => Usage(ctx, PerformanceCommand.JsonFields);

        public Task Patterns(HttpContext ctx) => Usage(ctx, PatternsCommand.JsonFields);

        private Task Usage(HttpContext ctx, Action<Utf8JsonWriter, UsageStats> fields)
        {
            var q = new ApiQuery(ctx.Request.Query, ApiQuery.RangeNames, ApiQuery.FilterNames);
            var query = q.Records() with { Cancellation = ctx.RequestAborted };
            var stats = UsageStatsCalculator.Run(_store, query, top: 5);
            return Json(ctx, StatusCodes.Status200OK, w => UsageCommand.WriteDocument(w, query.Range, stats, fields));
        }

        public Task Costs(HttpContext ctx)
        {
            var q = new ApiQuery(ctx.Request.Query, ApiQuery.RangeNames, ApiQuery.FilterNames, new[] { "by" });
            var query = q.Records() with { Cancellation = ctx.RequestAborted };
            var groupBy = GroupKeys.ParseList(q.Text("by") ?? "day", "by");
            var report = CostReporter.Run(_store, query, groupBy);
            return Json(ctx, StatusCodes.Status200OK, w => CostsCommand.WriteDocument(w, report));
        }

        /// <summary>
        /// The report document of the static HTML report (cards, cost per day by model, heatmap, latency histogram and
        /// shares) for the range and filters: the live page's time charts are drawn from it by the same code.
        /// </summary>
        public Task Report(HttpContext ctx)
        {
            var q = new ApiQuery(ctx.Request.Query, ApiQuery.RangeNames, ApiQuery.FilterNames);
            var query = q.Records() with { Cancellation = ctx.RequestAborted };
            var body = HtmlReportWriter.ReportJson(_store, query);
            return Bytes(ctx, StatusCodes.Status200OK, body);
        }

        /// <summary>A download of every matching record through the export command's writer (CSV keeps its formula neutralising).</summary>
        public async Task Export(HttpContext ctx)
        {
            var q = new ApiQuery(ctx.Request.Query, ApiQuery.RangeNames, ApiQuery.FilterNames, new[] { "format", "include_payload" });
            var format = RecordExporter.ParseFormat(q.Text("format") ?? "jsonl", "format");
            bool payload = q.Flag("include_payload");
            var query = q.Records() with { Cancellation = ctx.RequestAborted };
            string extension = format switch { ExportFormat.Csv => "csv", ExportFormat.Json => "json", _ => "jsonl" };
            ctx.Response.ContentType = format switch
            {
                ExportFormat.Csv => "text/csv; charset=utf-8",
                ExportFormat.Json => "application/json; charset=utf-8",
                _ => "application/x-ndjson",
            };
            ctx.Response.Headers.ContentDisposition = "attachment; filename=telemetry-export." + extension;
            // The exporter writes synchronously (as it does to a file); a buffer keeps that to one write per 64 KB.
            ctx.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = true;
            var records = _store.Query(query).Select(r => Shown(r, payload));
            using (var buffered = new BufferedStream(ctx.Response.Body, 64 * 1024))
            {
                RecordExporter.Write(records, buffered, format);
                buffered.Flush();
            }
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        }

        /// <summary>
        /// prune --before's removal (<see cref="StoreRemoval"/>): the raw records of the UTC days before before_date;
        /// their rollups stay in history unless include_history=true. Answers with the seed's deleted_files (day folders
        /// removed), the records removed, then prune --json's fields.
        /// </summary>
        public Task Delete(HttpContext ctx)
        {
            var q = new ApiQuery(ctx.Request.Query, new[] { "before_date", "include_history", "dry_run" });
            var request = new RemovalRequest
            {
                Before = q.Date("before_date"),
                IncludeHistory = q.Flag("include_history"),
                DryRun = q.Flag("dry_run"),
            };
            var report = StoreRemoval.Run(_store, request);
            return Json(ctx, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("deleted_files", report.Steps.Count(s => s.Raw == RawEffect.Removed));
                w.WriteNumber("records_deleted", report.RecordsRemoved);
                PruneCommand.WriteFields(w, report);
                w.WriteEndObject();
            });
        }

        /// <summary>Prompts and responses (the payload) leave the server only when a request asks for them.</summary>
        private static TelemetryRecord Shown(TelemetryRecord record, bool payload) => payload || record.Payload is null ? record : record with { Payload = null };

        /// <summary>A small document, built in memory with the CLI's writer, then sent without blocking.</summary>
        internal static async Task Json(HttpContext ctx, int status, Action<Utf8JsonWriter> body)
        {
            using var buffer = new MemoryStream();
            JsonOut.Write(buffer, body);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json; charset=utf-8";
            ctx.Response.ContentLength = buffer.Length;
            await ctx.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ctx.RequestAborted);
        }

        internal static Task Error(HttpContext ctx, int status, string message, string? parameter)
            => Bytes(ctx, status, JsonSerializer.SerializeToUtf8Bytes(new ApiError(message, parameter), ServeJsonContext.Relaxed.ApiError));

        /// <summary>A JSON document already in bytes.</summary>
        private static Task Bytes(HttpContext ctx, int status, byte[] bytes)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json; charset=utf-8";
            ctx.Response.ContentLength = bytes.Length;
            return ctx.Response.Body.WriteAsync(bytes, 0, bytes.Length);
        }
    }
}
