using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Exporters.Shipping
{
    /// <summary>
    /// The shipper on a real store: incremental from its checkpoint, crash-safe per batch, exact where the store has
    /// corrections, duplicates, compaction, removals and history days. The target is <see cref="MemorySink"/>, which
    /// deduplicates as ClickHouse's FINAL does; the real engines are tested in their own folders.
    /// </summary>
    public sealed class ShipperTests
    {
        private static Task<SendResult> Send(TelemetryStore store, IShipSink sink, SendOptions? options = null, ShipAnonymizer? anonymizer = null)
            => Shipper.RunAsync(store, sink, options ?? new SendOptions(), anonymizer ?? ShipAnonymizer.None, CancellationToken.None);

        private static List<TelemetryRecord> Calls(DateTimeOffset from, int count, TimeSpan step, string model = "claude-sonnet-4-5")
            => Enumerable.Range(0, count).Select(i => TempStore.Call(from + TimeSpan.FromTicks(step.Ticks * i), model: model, input: 100 + i, output: 10 + i)).ToList();

        /// <summary>The store as every reader sees it: what a target must hold after FINAL.</summary>
        private static void AssertSame(TelemetryStore store, MemorySink sink)
        {
            var expected = store.Query().OrderBy(r => r.Timestamp).ThenBy(r => r.Id).ToList();
            var got = sink.Final();
            Assert.Equal(expected.Select(r => (r.Id, r.Tokens.Total, r.CostUsd)), got.Select(r => (r.Id, r.Tokens.Total, r.CostUsd)));
        }

        [Fact]
        public async Task A_second_send_ships_only_what_was_written_since_and_an_unchanged_store_ships_nothing()
        {
            using var t = new TempStore();
            t.Store.AppendBatch(Calls(t.Now.AddDays(-3), 25, TimeSpan.FromHours(2)));
            var sink = new MemorySink();

            var first = await Send(t.Store, sink);
            Assert.Equal(25, first.RecordsSent);
            Assert.Equal(3, first.Batches); // 10 + 10 + 5
            Assert.True(File.Exists(first.CheckpointPath), first.CheckpointPath);
            Assert.Equal("2026-11-21", first.CheckpointDay); // calls every 2 h from 3 days back: the last day has 7
            Assert.Equal(7, first.CheckpointLine);

            var again = await Send(t.Store, sink);
            Assert.Equal(0, again.Sent);
            Assert.Equal(0, again.Batches);

            t.Store.AppendBatch(Calls(t.Now.AddMinutes(-30), 4, TimeSpan.FromMinutes(1)));
            var third = await Send(t.Store, sink);
            Assert.Equal(4, third.RecordsSent);
            Assert.Equal(29, sink.Received.Count); // nothing was sent twice
            AssertSame(t.Store, sink);
        }

        [Fact]
        public async Task A_batch_the_target_refused_is_sent_again_by_the_next_send_and_nothing_is_lost()
        {
            using var t = new TempStore();
            t.Store.AppendBatch(Calls(t.Now.AddDays(-2), 47, TimeSpan.FromMinutes(45)));
            var sink = new MemorySink { FailBatch = 3 };

            var e = await Assert.ThrowsAsync<ShipException>(() => Send(t.Store, sink));
            Assert.Contains("refused batch 3", e.Message);
            Assert.Equal(20, sink.Received.Count);

            sink.FailBatch = 0;
            var resumed = await Send(t.Store, sink);
            Assert.Equal(27, resumed.RecordsSent); // from the checkpoint: batch 3 on
            Assert.Equal(47, sink.Received.Count);
            AssertSame(t.Store, sink);
        }

        [Fact]
        public async Task A_crash_after_the_target_took_a_batch_re_sends_that_batch_only_and_the_dedup_absorbs_it()
        {
            using var t = new TempStore();
            t.Store.AppendBatch(Calls(t.Now.AddDays(-2), 35, TimeSpan.FromMinutes(50)));
            var sink = new MemorySink { FailAfterBatch = 2 };

            await Assert.ThrowsAsync<ShipException>(() => Send(t.Store, sink));
            sink.FailAfterBatch = 0;
            var resumed = await Send(t.Store, sink);
            Assert.Equal(25, resumed.RecordsSent); // batch 2 again, then 3 and 4
            Assert.Equal(45, sink.Received.Count);
            Assert.Equal(35, sink.Final().Count);
            AssertSame(t.Store, sink);
        }

        [Fact]
        public async Task A_correction_of_a_call_already_shipped_ships_its_larger_version()
        {
            using var t = new TempStore();
            var calls = Calls(t.Now.AddHours(-5), 3, TimeSpan.FromMinutes(10));
            t.Store.AppendBatch(calls);
            var sink = new MemorySink();
            await Send(t.Store, sink);

            var complete = TempStore.Call(calls[1].Timestamp, input: calls[1].Tokens.Input, output: 900, cost: 0.2) with { Id = calls[1].Id };
            Assert.Equal(1, t.Store.AppendBatch(new[] { complete }));
            var second = await Send(t.Store, sink);
            Assert.Equal(1, second.RecordsSent);
            Assert.Equal(900, sink.Final().Single(r => r.Id == calls[1].Id).Tokens.Output);
            AssertSame(t.Store, sink);

            Assert.Equal(0, (await Send(t.Store, sink)).Sent); // the same corrections are not shipped again
        }

        [Fact]
        public async Task A_line_written_twice_is_shipped_once_and_a_line_still_being_written_waits_for_its_end()
        {
            using var t = new TempStore();
            var calls = Calls(t.Now.AddHours(-3), 2, TimeSpan.FromMinutes(5));
            t.Store.AppendBatch(calls);
            var day = new DayPartition(t.StoreRoot, calls[0].Timestamp.UtcDateTime.Date);
            var sink = new MemorySink();
            await Send(t.Store, sink);

            string copy = File.ReadAllLines(day.DataPath)[0];
            var torn = RecordSerializer.ToJson(TempStore.Call(t.Now.AddMinutes(-1)));
            File.AppendAllText(day.DataPath, copy + "\n" + torn.Substring(0, torn.Length / 2));
            var second = await Send(t.Store, sink);
            Assert.Equal(0, second.RecordsSent); // the copy is no new record; the half line is not a record yet
            Assert.Equal(0, second.Skipped);

            File.AppendAllText(day.DataPath, torn.Substring(torn.Length / 2) + "\n");
            var third = await Send(t.Store, sink);
            Assert.Equal(1, third.RecordsSent);
            AssertSame(t.Store, sink);
        }

        [Fact]
        public async Task Compaction_keeps_the_checkpoint_true_and_a_day_rewritten_by_a_removal_is_shipped_again_whole()
        {
            using var t = new TempStore();
            var calls = Calls(t.Now.AddDays(-4), 12, TimeSpan.FromMinutes(20));
            t.Store.AppendBatch(calls);
            var sink = new MemorySink();
            await Send(t.Store, sink);

            var report = t.Store.Maintenance.Run(new MaintenanceOptions { CompactAfterDays = 1, RetentionDays = 3650 });
            Assert.Equal(1, report.DaysCompacted);
            Assert.Equal(0, (await Send(t.Store, sink)).Sent);

            // Removing a call the target holds cannot be shipped (the target keeps it), but the lines after it move up:
            // the checkpoint notices and the day is read again from its start, so no later call is passed over.
            t.Store.Maintenance.RemoveIds(new[] { calls[11].Id }, dryRun: false);
            t.Store.AppendBatch(Calls(calls[0].Timestamp.AddMinutes(5), 1, TimeSpan.Zero));
            var after = await Send(t.Store, sink);
            Assert.Equal(12, after.RecordsSent);
            Assert.Equal(13, sink.Final().Count);
        }

        [Fact]
        public async Task History_days_go_once_as_rollups_or_are_counted_skipped_where_the_target_has_no_place_for_them()
        {
            using var t = new TempStore();
            var old = Calls(t.Now.AddDays(-40), 6, TimeSpan.FromHours(1));
            t.Store.AppendBatch(old);
            t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 30 });
            Assert.Empty(t.Store.Days());
            t.Store.AppendBatch(Calls(t.Now.AddHours(-1), 2, TimeSpan.FromMinutes(1)));

            var sink = new MemorySink();
            var first = await Send(t.Store, sink);
            Assert.Equal(2, first.RecordsSent);
            Assert.Equal(1, first.HistoryDaysSent);
            var rows = Assert.Single(sink.RollupDays).Value;
            Assert.Equal(old.Sum(c => c.Tokens.Total), rows.Sum(r => r.Totals.TotalTokens));
            Assert.Equal(old.Count, rows.Sum(r => r.Totals.Calls));
            Assert.Equal(0, (await Send(t.Store, sink)).Sent);
            Assert.Equal(1, sink.RollupSends);

            var otlpLike = new MemorySink { Target = "memory://no-rollups", AcceptsRollups = false };
            var skipping = await Send(t.Store, otlpLike);
            Assert.Equal(2, skipping.RecordsSent);
            Assert.Equal(6, skipping.Skipped);
        }

        [Fact]
        public async Task A_day_shipped_as_records_is_not_shipped_again_as_a_rollup_when_it_goes_to_history()
        {
            using var t = new TempStore();
            t.Store.AppendBatch(Calls(t.Now.AddDays(-29), 5, TimeSpan.FromHours(1)));
            var sink = new MemorySink();
            Assert.Equal(5, (await Send(t.Store, sink)).RecordsSent);
            t.Now = t.Now.AddDays(5);
            t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 30 });
            Assert.Empty(t.Store.Days());
            var later = await Send(t.Store, sink);
            Assert.Equal(0, later.Sent);
            Assert.Empty(sink.RollupDays);
        }

        [Fact]
        public async Task Since_dry_run_and_from_start_do_what_they_say()
        {
            using var t = new TempStore();
            t.Store.AppendBatch(Calls(t.Now.AddDays(-5), 30, TimeSpan.FromHours(4)));
            var sink = new MemorySink();
            var since = t.Now.AddDays(-2);

            var dry = await Send(t.Store, sink, new SendOptions { DryRun = true, Since = since });
            Assert.Equal(0, sink.Prepared);
            Assert.Empty(sink.Received);
            Assert.False(File.Exists(dry.CheckpointPath));
            long expected = t.Store.Query().Count(r => r.Timestamp >= since);
            Assert.Equal(expected, dry.RecordsSent);
            Assert.True(dry.DryRun);

            var real = await Send(t.Store, sink, new SendOptions { Since = since });
            Assert.Equal(expected, real.RecordsSent);
            Assert.True(sink.Received.All(r => r.Timestamp >= since));
            Assert.True(real.Skipped > 0); // the records of since's own day before it

            var all = await Send(t.Store, sink, new SendOptions { FromStart = true });
            Assert.Equal(30, all.RecordsSent);
            AssertSame(t.Store, sink);
        }

        [Fact]
        public async Task Anonymised_records_carry_hashes_of_user_and_host_and_no_payload()
        {
            using var t = new TempStore();
            var call = TempStore.Call(t.Now.AddMinutes(-5)) with { UserId = "alice" };
            call = call with { Payload = JsonPayload.Parse("{\"note\":\"secret plan\"}") };
            t.Store.AppendBatch(new[] { call });
            var sink = new MemorySink();
            var anonymizer = ShipAnonymizer.FromSalt("team-salt-0123456789", "--anonymize");
            await Send(t.Store, sink, new SendOptions { Anonymize = true }, anonymizer);
            var sent = Assert.Single(sink.Received);
            Assert.StartsWith("h:", sent.UserId);
            Assert.Equal(34, sent.UserId!.Length);
            Assert.Equal(anonymizer.Hash("test-host"), sent.Metadata.Host);
            Assert.NotEqual(ShipAnonymizer.FromSalt("other-salt-0123456789", "x").Hash("alice"), sent.UserId);
            Assert.Null(sent.Payload);
            Assert.Equal(call.Id, sent.Id);
        }

        [Fact]
        public void Anonymising_without_a_salt_or_with_a_short_one_is_refused_without_showing_it()
        {
            var missing = Assert.Throws<TelemetryValidationException>(() => ShipAnonymizer.FromSalt(null, "--anonymize"));
            Assert.Contains("LLM_TEAM_SALT", missing.Message);
            var shortOne = Assert.Throws<TelemetryValidationException>(() => ShipAnonymizer.FromSalt("tiny-salt", "--anonymize"));
            Assert.DoesNotContain("tiny-salt", shortOne.Message);
        }

        [Fact]
        public void A_bad_url_is_refused_under_the_callers_parameter_name_and_never_shows_its_password()
        {
            using var t = new TempStore();
            var unparsable = Assert.Throws<TelemetryValidationException>(() => TelemetrySender.Send(t.Store,
                new SendTarget { Sink = SendSinkKind.ClickHouse, Url = "http://ada:hunter2secret@db host:8123", UrlParameter = "-ClickHouse" }, new SendOptions()));
            Assert.Equal("-ClickHouse", unparsable.Field);
            Assert.DoesNotContain("hunter2secret", unparsable.Message);
            var scheme = Assert.Throws<TelemetryValidationException>(() => TelemetrySender.Send(t.Store,
                new SendTarget { Sink = SendSinkKind.ClickHouse, Url = "ftp://ada:hunter2secret@db:21", UrlParameter = "-ClickHouse" }, new SendOptions()));
            Assert.Equal("-ClickHouse", scheme.Field);
            Assert.DoesNotContain("hunter2secret", scheme.Message);
            var otlp = Assert.Throws<TelemetryValidationException>(() => TelemetrySender.Send(t.Store,
                new SendTarget { Sink = SendSinkKind.Otlp, Url = "ftp://collector", UrlParameter = "-Otlp" }, new SendOptions()));
            Assert.Equal("-Otlp", otlp.Field);
        }

        [Fact]
        public async Task A_damaged_checkpoint_is_an_error_naming_it_and_a_second_send_at_once_is_refused()
        {
            using var t = new TempStore();
            t.Store.AppendBatch(Calls(t.Now.AddHours(-2), 15, TimeSpan.FromMinutes(3)));
            var sink = new MemorySink();
            var first = await Send(t.Store, sink);
            File.WriteAllText(first.CheckpointPath!, "{ not json");
            var damaged = await Assert.ThrowsAsync<TelemetryException>(() => Send(t.Store, sink));
            Assert.Contains(first.CheckpointPath!, damaged.Message);
            Assert.Contains("--from-start", damaged.Message);
            Assert.Equal(15, (await Send(t.Store, sink, new SendOptions { FromStart = true })).RecordsSent);

            // A send that is in the middle of a batch holds the target's lock: a second one is told so.
            var entered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var slow = new MemorySink { DuringBatch = async () => { entered.TrySetResult(true); await release.Task; } };
            var running = Task.Run(() => Send(t.Store, slow, new SendOptions { FromStart = true }));
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var refused = await Assert.ThrowsAsync<TelemetryException>(() => Send(t.Store, new MemorySink()));
            Assert.Contains("another send", refused.Message);
            release.SetResult(true);
            Assert.Equal(15, (await running).RecordsSent);
        }
    }
}
