using System.IO;
using System.Linq;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    /// <summary>Reading back the prompt and response texts a store kept (for a front end's explicit request).</summary>
    public sealed class StoredTextsTests
    {
        [Fact]
        public void Texts_come_back_by_record_id_only_for_the_records_asked_about_and_only_where_they_were_kept()
        {
            using var t = new TempStore(configure: o => o with { StorePrompts = true, StoreResponses = true });
            var first = t.Store.Append(TempStore.Call(t.Now), "first prompt", "first answer");
            var second = t.Store.Append(TempStore.Call(t.Now.AddMinutes(1)), "second prompt", null);
            var none = t.Store.Append(TempStore.Call(t.Now.AddMinutes(2)));
            // A torn last line (a crash while it was written) hides nothing else.
            File.AppendAllText(Path.Combine(t.StoreRoot, "2026-11-22", "prompts.jsonl"), "{\"id\":\"torn");

            var texts = t.Store.TextsOf(new[] { first, second, none });

            Assert.Equal(2, texts.Count);
            Assert.Equal("first prompt", texts[first.Id].Prompt);
            Assert.Equal("first answer", texts[first.Id].Response);
            Assert.Equal("second prompt", texts[second.Id].Prompt);
            Assert.Null(texts[second.Id].Response);
            Assert.False(texts.ContainsKey(none.Id));
            Assert.Equal(new[] { second.Id }, t.Store.TextsOf(new[] { second }).Keys.ToArray());
        }

        [Fact]
        public void A_store_that_kept_no_text_has_none_to_give()
        {
            using var t = new TempStore();
            var r = t.Store.Append(TempStore.Call(t.Now), "a prompt", "an answer");
            Assert.Empty(t.Store.TextsOf(new[] { r }));
        }
    }
}
