using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using LlmTelemetry.Exporters;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;
using static LlmTelemetry.Tests.Exporters.HtmlReportSamples;

namespace LlmTelemetry.Tests.Exporters
{
    public sealed class HtmlReportWriterTests
    {
        [Fact]
        public void The_page_is_well_formed_and_self_contained()
        {
            using var t = new TempStore(Now);
            Fill(t);
            var (html, _) = Write(t, Request());

            // Everything but script and style contents is XHTML-compatible: an XML parse proves the tags balance.
            var xml = new XmlDocument();
            using (var reader = XmlReader.Create(new StringReader(WithoutRawText(html)), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }))
                xml.Load(reader);
            Assert.Equal("html", xml.DocumentElement!.Name);
            Assert.Equal(3, Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Count);
            Assert.Equal(3, Regex.Matches(html, "</script", RegexOptions.IgnoreCase).Count);
            Assert.DoesNotMatch("(src|href)\\s*=\\s*\"(https?:)?//", html);
            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("default-src 'none'", html);
        }

        [Fact]
        public void The_content_security_policy_allows_exactly_the_inline_script_and_style()
        {
            using var t = new TempStore(Now);
            var (html, _) = Write(t, Request());
            var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
            var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
            Assert.Contains("script-src '" + Hash(script) + "'", html);
            Assert.Contains("style-src '" + Hash(style) + "'", html);

            static string Hash(string s) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
        }

        [Fact]
        public void The_page_script_and_style_cannot_end_their_own_elements()
        {
            foreach (var text in new[] { HtmlReportResources.Js, HtmlReportResources.Css })
            {
                Assert.DoesNotContain("</", text);
                Assert.DoesNotContain("<!--", text);
            }
        }

        [Fact]
        public void Embedded_events_are_the_query_newest_first_with_local_times()
        {
            using var t = new TempStore(Now);
            Fill(t);
            var request = Request();
            var (html, summary) = Write(t, request);
            var expected = t.Store.Query(new RecordQuery { Range = SampleRange, NewestFirst = true }).ToList();

            var embedded = DecodeEvents(html);
            Assert.Equal(expected.Count, embedded.Count);
            Assert.Equal(expected.Count, summary.EventsEmbedded);
            Assert.Equal(expected.Count, summary.EventsTotal);
            Assert.False(summary.Capped);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], embedded[i].Record);
                var local = TimeZoneInfo.ConvertTime(expected[i].Timestamp, Berlin).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(local, embedded[i].Local);
            }
            Assert.Contains(expected, r => r.Id == PayloadEventId);
        }

        [Fact]
        public void Card_totals_equal_the_cost_report_and_usage_stats_for_this_and_the_previous_period()
        {
            using var t = new TempStore(Now);
            Fill(t);
            var (html, summary) = Write(t, Request());
            using var report = Report(html);
            var previousRange = new DateRange(SampleRange.Since.AddDays(-7), SampleRange.Since.AddDays(-1), Berlin);
            Assert.Equal(previousRange, summary.PreviousRange);

            foreach (var (name, range) in new[] { ("current", SampleRange), ("previous", previousRange) })
            {
                var cost = CostReporter.Run(t.Store, new RecordQuery { Range = range, Zone = Berlin }).Total;
                var stats = UsageStatsCalculator.Run(t.Store, new RecordQuery { Range = range, Zone = Berlin });
                var card = report.RootElement.GetProperty(name);
                Assert.True(cost.Calls > 50, name + " has data");
                Assert.Equal(cost.CostUsd, card.GetProperty("cost_usd").GetDouble());
                Assert.Equal(cost.Calls, card.GetProperty("calls").GetInt64());
                Assert.Equal(cost.FailedCalls, card.GetProperty("failed_calls").GetInt64());
                Assert.Equal(cost.InputTokens, card.GetProperty("input_tokens").GetInt64());
                Assert.Equal(cost.OutputTokens, card.GetProperty("output_tokens").GetInt64());
                Assert.Equal(cost.CacheReadInputTokens, card.GetProperty("cache_read_input_tokens").GetInt64());
                Assert.Equal(cost.CacheCreationInputTokens, card.GetProperty("cache_creation_input_tokens").GetInt64());
                Assert.Equal(cost.TotalTokens, card.GetProperty("total_tokens").GetInt64());
                Assert.Equal(cost.UnpricedCalls, card.GetProperty("unpriced_calls").GetInt64());
                Assert.Equal(stats.SuccessRate!.Value, card.GetProperty("success_rate").GetDouble(), 12);
                Assert.Equal(stats.P95DurationMs!.Value, card.GetProperty("p95_ms").GetDouble());
                Assert.Equal(stats.P50DurationMs!.Value, card.GetProperty("p50_ms").GetDouble());
            }
            Assert.Equal(CostReporter.Run(t.Store, new RecordQuery { Range = SampleRange, Zone = Berlin }).Total, summary.Total);
        }

        [Fact]
        public void Charts_add_up_to_the_totals()
        {
            using var t = new TempStore(Now);
            Fill(t);
            var (html, summary) = Write(t, Request());
            using var report = Report(html);
            var root = report.RootElement;

            var daily = root.GetProperty("daily");
            Assert.Equal(7, daily.GetProperty("days").GetArrayLength());
            Assert.Equal(SampleRange.SinceText, daily.GetProperty("days")[0].GetString());
            double dailyCost = daily.GetProperty("series").EnumerateArray().Sum(s => s.GetProperty("cost_usd").EnumerateArray().Sum(v => v.GetDouble()));
            long dailyCalls = daily.GetProperty("series").EnumerateArray().Sum(s => s.GetProperty("calls").EnumerateArray().Sum(v => v.GetInt64()));
            Assert.Equal(summary.Total.CostUsd, dailyCost, 9);
            Assert.Equal(summary.Total.Calls, dailyCalls);
            Assert.Equal(Models.Length, daily.GetProperty("series").GetArrayLength());

            foreach (var share in new[] { "by_model", "by_agent", "by_project" })
            {
                Assert.Equal(summary.Total.CostUsd, root.GetProperty(share).EnumerateArray().Sum(s => s.GetProperty("cost_usd").GetDouble()), 9);
                Assert.Equal(summary.Total.Calls, root.GetProperty(share).EnumerateArray().Sum(s => s.GetProperty("calls").GetInt64()));
            }
            Assert.Contains(root.GetProperty("by_project").EnumerateArray(), s => s.GetProperty("name").GetString() == "(none)");
            foreach (var (share, key) in new[] { ("by_model", GroupKey.Model), ("by_agent", GroupKey.Agent), ("by_project", GroupKey.Project) })
            {
                var rows = CostReporter.Run(t.Store, new RecordQuery { Range = SampleRange, Zone = Berlin }, new[] { key }).Rows;
                // Same rows in the same order; costs equal up to summation order (day summaries vs one scan).
                var shares = root.GetProperty(share).EnumerateArray().ToList();
                Assert.Equal(rows.Select(r => (r.ValueOf(key) ?? "(none)", r.Calls)), shares.Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("calls").GetInt64())));
                for (int i = 0; i < rows.Count; i++) Assert.Equal(rows[i].CostUsd, shares[i].GetProperty("cost_usd").GetDouble(), 9);
            }

            var heat = root.GetProperty("heatmap");
            Assert.Equal(summary.Total.Calls, heat.GetProperty("calls").EnumerateArray().Sum(d => d.EnumerateArray().Sum(v => v.GetInt64())));
            Assert.Equal(summary.Total.CostUsd, heat.GetProperty("cost_usd").EnumerateArray().Sum(d => d.EnumerateArray().Sum(v => v.GetDouble())), 9);

            var latency = root.GetProperty("latency");
            Assert.Equal(summary.Total.Calls, latency.GetProperty("count").GetInt64());
            Assert.Equal(summary.Total.Calls, latency.GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
            Assert.Equal(summary.Stats.P99DurationMs!.Value, latency.GetProperty("p99_ms").GetDouble());
        }

        [Fact]
        public void The_heatmap_puts_a_call_on_its_local_weekday_and_hour()
        {
            using var t = new TempStore(Now);
            // Monday 2026-11-16 08:30 UTC is 09:30 in Berlin.
            t.Store.Append(TempStore.Call(new DateTimeOffset(2026, 11, 16, 8, 30, 0, TimeSpan.Zero), cost: 0.25));
            var (html, _) = Write(t, Request());
            using var report = Report(html);
            var heat = report.RootElement.GetProperty("heatmap");
            Assert.Equal(1, heat.GetProperty("calls")[0][9].GetInt64());
            Assert.Equal(0.25, heat.GetProperty("cost_usd")[0][9].GetDouble());
        }

        [Fact]
        public void More_models_than_series_are_summed_as_other()
        {
            using var t = new TempStore(Now);
            for (int i = 0; i < 10; i++) t.Store.Append(TempStore.Call(Now.AddHours(-i - 1), model: "m" + i, cost: 1 + i));
            var (html, _) = Write(t, Request());
            using var report = Report(html);
            var series = report.RootElement.GetProperty("daily").GetProperty("series").EnumerateArray().ToList();
            Assert.Equal(8, series.Count);
            Assert.Equal("m9", series[0].GetProperty("name").GetString());
            Assert.Equal("(other)", series[7].GetProperty("name").GetString());
            Assert.Equal(1 + 2 + 3, series[7].GetProperty("cost_usd").EnumerateArray().Sum(v => v.GetDouble()), 9);
        }

        [Fact]
        public void The_cap_keeps_the_newest_events_and_the_totals_cover_the_whole_range()
        {
            using var t = new TempStore(Now);
            Fill(t);
            var (html, summary) = Write(t, Request(maxEvents: 25));
            var all = t.Store.Query(new RecordQuery { Range = SampleRange, NewestFirst = true }).ToList();
            Assert.True(summary.Capped);
            Assert.Equal(25, summary.EventsEmbedded);
            Assert.Equal(all.Count, summary.EventsTotal);
            Assert.Equal(all.Take(25), DecodeEvents(html).Select(e => e.Record));
            using var report = Report(html);
            var cap = report.RootElement.GetProperty("events");
            Assert.True(cap.GetProperty("capped").GetBoolean());
            Assert.Equal(25, cap.GetProperty("max").GetInt32());
            Assert.Equal(all.Count, cap.GetProperty("total").GetInt64());
            Assert.Equal(CostReporter.Run(t.Store, new RecordQuery { Range = SampleRange, Zone = Berlin }).Total.Calls, report.RootElement.GetProperty("current").GetProperty("calls").GetInt64());
        }

        [Fact]
        public void The_filter_applies_to_cards_charts_and_events()
        {
            using var t = new TempStore(Now);
            Fill(t);
            var filter = new RecordFilter { Models = new[] { "claude*" } };
            var (html, summary) = Write(t, Request() with { Query = Request().Query with { Filter = filter } });
            var expected = CostReporter.Run(t.Store, new RecordQuery { Range = SampleRange, Zone = Berlin, Filter = filter }).Total;
            Assert.Equal(expected, summary.Total);
            var events = DecodeEvents(html);
            Assert.All(events, e => Assert.StartsWith("claude", e.Record.Model));
            Assert.Equal(t.Store.Query(new RecordQuery { Range = SampleRange, Filter = filter }).Count(), events.Count);
        }

        [Fact]
        public void User_strings_are_escaped_and_data_cannot_close_its_block()
        {
            using var t = new TempStore(Now);
            Fill(t);
            var (html, _) = Write(t, Request());

            Assert.DoesNotContain("window.__pwned", html.Replace(Block(html, HtmlReportWriter.EventsBlockId), "").Replace(Block(html, HtmlReportWriter.ReportBlockId), ""));
            Assert.Contains("<title>Team &lt;b&gt;report&lt;/b&gt; &amp; &quot;costs&quot;</title>", html);
            foreach (var id in new[] { HtmlReportWriter.EventsBlockId, HtmlReportWriter.ReportBlockId })
            {
                var block = Block(html, id);
                Assert.DoesNotContain("<", block);
                Assert.DoesNotContain(">", block);
                Assert.DoesNotContain("&", block);
                Assert.DoesNotContain("\u2028", block);
                Assert.DoesNotContain("\u2029", block);
            }

            // The escaped JSON still holds the original strings exactly.
            var records = DecodeEvents(html).Select(e => e.Record).ToList();
            var withPayload = records.Single(r => r.Id == PayloadEventId);
            Assert.Equal(HostilePayloadText, withPayload.Payload!.ToElement().GetProperty("text").GetString());
            Assert.Contains(records, r => r.Model == HostileModel);
            Assert.Contains(records, r => r.AgentName == HostileAgent);
            using var report = Report(html);
            Assert.Contains(report.RootElement.GetProperty("by_model").EnumerateArray(), m => m.GetProperty("name").GetString() == HostileModel);
            Assert.Equal("Team <b>report</b> & \"costs\"", report.RootElement.GetProperty("title").GetString());
        }

        [Fact]
        public void Metadata_written_by_other_tools_survives_the_compact_table()
        {
            using var t = new TempStore(Now);
            var line = "{\"v\":1,\"id\":\"x1\",\"timestamp\":\"2026-11-22T09:00:00.000Z\",\"event_type\":\"llm_call\",\"model\":\"m\","
                + "\"tokens\":{\"input\":1,\"output\":2,\"cache_creation_input\":0,\"cache_creation_1h_input\":0,\"cache_read_input\":0,\"reasoning\":0,\"total\":3},"
                + "\"cost_usd\":0.5,\"success\":true,\"metadata\":{\"project\":\"p\",\"ticket\":\"JIRA-1\",\"tags\":[\"a\",\"<b>\"]},\"payload\":{\"k\":[1,2.5,null]}}";
            var record = RecordSerializer.Parse(line);
            t.Store.Append(record);
            var (html, _) = Write(t, Request());
            var decoded = Assert.Single(DecodeEvents(html)).Record;
            Assert.Equal(RecordSerializer.ToJson(record), RecordSerializer.ToJson(decoded));
        }

        [Fact]
        public void A_title_that_contains_a_template_marker_stays_text()
        {
            using var t = new TempStore(Now);
            var (html, _) = Write(t, Request() with { Title = "{{CSS}} {{JS}} {{CSP}}" });
            Assert.Contains("<title>{{CSS}} {{JS}} {{CSP}}</title>", html);
            Assert.Single(Regex.Matches(html, "<style>"));
        }

        [Fact]
        public void The_escaper_replaces_only_html_sensitive_characters()
        {
            var input = Encoding.UTF8.GetBytes("{\"a\":\"</script>&\u2028\u2029é\"}");
            using var output = new MemoryStream();
            HtmlReportWriter.WriteEscaped(output, input, input.Length);
            var text = Encoding.UTF8.GetString(output.ToArray());
            Assert.Equal("{\"a\":\"\\u003c/script\\u003e\\u0026\\u2028\\u2029é\"}", text);
            Assert.Equal("</script>&\u2028\u2029é", JsonDocument.Parse(text).RootElement.GetProperty("a").GetString());
        }

        [Fact]
        public void An_empty_store_gives_a_page_with_zero_totals()
        {
            using var t = new TempStore(Now);
            var (html, summary) = Write(t, Request());
            Assert.Equal(0, summary.EventsTotal);
            using var report = Report(html);
            var current = report.RootElement.GetProperty("current");
            Assert.Equal(0, current.GetProperty("calls").GetInt64());
            Assert.Equal(JsonValueKind.Null, current.GetProperty("p95_ms").ValueKind);
            Assert.Equal(JsonValueKind.Null, current.GetProperty("success_rate").ValueKind);
            Assert.Empty(DecodeEvents(html));
            Assert.Equal(0, report.RootElement.GetProperty("latency").GetProperty("bins").GetArrayLength());
        }

        [Fact]
        public void A_negative_cap_names_the_parameter()
        {
            using var t = new TempStore(Now);
            var ex = Assert.Throws<TelemetryValidationException>(() => HtmlReportWriter.Write(t.Store, Request(maxEvents: -1), new MemoryStream()));
            Assert.Equal("max-events", ex.Field);
        }

        [Fact]
        public void Latency_bins_are_log_spaced_and_hold_every_value()
        {
            var values = new long[] { 0, 1, 5, 50, 500, 5000, 50000, 50000 };
            var bins = HtmlReportData.Bins(values, 10);
            Assert.Equal(10, bins.Count);
            Assert.Equal(values.Length, bins.Sum(b => b.Count));
            Assert.Equal(1, bins[0].Low);
            Assert.Equal(50000, bins[^1].High, 0);
            Assert.Equal(2, bins[^1].Count);
            Assert.Equal(new[] { (5.0, 5.0, 3L) }, HtmlReportData.Bins(new long[] { 5, 5, 5 }, 10));
        }
    }
}
