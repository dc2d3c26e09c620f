using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;
using Xunit;
using static LlmTelemetry.Tests.Pricing.PricingTestSupport;

namespace LlmTelemetry.Tests.Pricing
{
    public sealed class OverrideTests
    {
        [Fact]
        public void Override_file_beats_the_built_in_price_and_keeps_what_it_leaves_out()
        {
            using var temp = new TempFolder();
            var path = temp.File("models.json");
            File.WriteAllText(path, "{\"models\":[{\"id\":\"gpt-4o\",\"prices\":[{\"input\":1,\"output\":4}]}]}");
            var registry = ModelRegistry.Load(path);
            Assert.Empty(registry.LoadWarnings);
            var model = registry.Resolve("gpt-4o-2024-08-06").Model!;
            Assert.Equal("gpt-4o", model.Id);
            Assert.Equal(ModelOrigins.Override, model.Origin);
            Assert.Equal("openai", model.Provider);
            Assert.Equal(128000, model.ContextWindow);
            Assert.Equal((1.0, 4.0), (model.Prices[0].Input, model.Prices[0].Output));
            AssertRelative(5.0, new CostCalculator(registry).CostOf("gpt-4o", TokenUsage.Create(input: 1_000_000, output: 1_000_000), Now), 1e-12, "override");
            Assert.Single(registry.Models, m => m.Id == "gpt-4o");
        }

        [Fact]
        public void Override_file_with_a_UTF8_byte_order_mark_is_read_and_saved_over()
        {
            using var temp = new TempFolder();
            var path = temp.File("models.json");
            // What Windows PowerShell 5.1's Set-Content -Encoding UTF8 writes.
            File.WriteAllText(path, "{\"models\":[{\"id\":\"house\",\"provider\":\"local\",\"prices\":[{\"input\":1,\"output\":2}]}]}", new System.Text.UTF8Encoding(true));
            var registry = ModelRegistry.Load(path);
            Assert.Empty(registry.LoadWarnings);
            Assert.Equal(1.0, registry.Resolve("house").Model!.Prices[0].Input);

            registry.SetPrice("house", ModelPrice.Create(3, 4));
            var reloaded = ModelRegistry.Load(path);
            Assert.Empty(reloaded.LoadWarnings);
            Assert.Equal(3.0, reloaded.Resolve("house").Model!.Prices.Single().Input);
        }

        [Fact]
        public void Set_model_adds_a_model_saved_to_the_file_and_seen_by_a_fresh_load()
        {
            using var temp = new TempFolder();
            var path = Path.Combine(temp.Path, "config", "llm-telemetry", "models.json");
            var registry = ModelRegistry.Load(path);
            var added = registry.SetModel(new ModelInfo
            {
                Id = "my-local-llama",
                Provider = "ollama",
                Aliases = new[] { "llama-house" },
                Prices = new[] { ModelPrice.Create(input: 0.1, output: 0.2) },
            });
            Assert.Equal(ModelOrigins.Override, added.Origin);
            Assert.Equal("my-local-llama", registry.Resolve("llama-house").Model!.Id);

            var reloaded = ModelRegistry.Load(path);
            Assert.Equal("my-local-llama", reloaded.Resolve("LLAMA-HOUSE").Model!.Id);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
            Assert.True(reloaded.RemoveOverride("my-local-llama"));
            Assert.False(ModelRegistry.Load(path).Resolve("my-local-llama").Found);
        }

        [Fact]
        public void Malformed_override_file_is_reported_with_file_line_and_field_and_built_ins_still_work()
        {
            using var temp = new TempFolder();
            var path = temp.File("models.json");
            File.WriteAllText(path, "{\n  \"models\": [\n    {\"id\": \"gpt-4o\",\n     \"prices\": [{\"input\": \"cheap\", \"output\": 4}]}\n  ]\n}\n");
            var registry = ModelRegistry.Load(path);
            var warning = Assert.Single(registry.LoadWarnings);
            Assert.Contains(Path.GetFullPath(path), warning);
            Assert.Contains("line 4", warning);
            Assert.Contains("$.models[0].prices[0].input", warning);
            Assert.Contains("expected a number", warning);
            Assert.True(new CostCalculator(registry).Calculate("gpt-4o", StandardMix, Now).Priced);
            Assert.Equal(ModelOrigins.BuiltIn, registry.Resolve("gpt-4o").Model!.Origin);
        }

        [Fact]
        public void Truncated_override_file_is_reported_with_its_line()
        {
            using var temp = new TempFolder();
            var path = temp.File("models.json");
            File.WriteAllText(path, "{\n  \"models\": [\n    {\"id\": \"x\",\n");
            var warning = Assert.Single(ModelRegistry.Load(path).LoadWarnings);
            Assert.Contains(Path.GetFullPath(path) + ": line 4", warning);
        }

        [Fact]
        public void Misspelt_field_is_reported_by_name()
        {
            using var temp = new TempFolder();
            var path = temp.File("models.json");
            File.WriteAllText(path, "{\"models\":[{\"id\":\"gpt-4o\",\"prices\":[{\"inptu\":1,\"output\":4}]}]}");
            var warning = Assert.Single(ModelRegistry.Load(path).LoadWarnings);
            Assert.Contains("unknown field 'inptu'", warning);
            Assert.Contains("line 1", warning);
        }

        [Fact]
        public void Invalid_value_in_a_well_formed_file_names_line_and_field_and_only_that_entry_is_ignored()
        {
            using var temp = new TempFolder();
            var path = temp.File("models.json");
            File.WriteAllText(path, "{\n\"models\": [\n{\"id\": \"good-one\", \"prices\": [{\"input\": 1, \"output\": 2}]},\n{\"id\": \"bad-one\",\n \"prices\": [{\"input\": -1, \"output\": 2}]}\n]}\n");
            var registry = ModelRegistry.Load(path);
            var warning = Assert.Single(registry.LoadWarnings);
            Assert.Contains("line 5", warning);
            Assert.Contains("$.models[1].prices[0].input", warning);
            Assert.True(registry.Resolve("good-one").Found);
            Assert.False(registry.Resolve("bad-one").Found);
        }

        [Fact]
        public void Saving_refuses_to_overwrite_a_malformed_file()
        {
            using var temp = new TempFolder();
            var path = temp.File("models.json");
            File.WriteAllText(path, "{ not json");
            var registry = ModelRegistry.Load(path);
            var ex = Assert.Throws<TelemetryException>(() => registry.SetPrice("gpt-4o", ModelPrice.Create(1, 2)));
            Assert.Equal(TelemetryErrorCode.ConfigurationError, ex.Code);
            Assert.Contains(Path.GetFullPath(path), ex.Message);
            Assert.Equal("{ not json", File.ReadAllText(path));
        }

        [Fact]
        public void Built_in_only_registry_cannot_save()
        {
            var ex = Assert.Throws<TelemetryException>(() => ModelRegistry.LoadBuiltIn().SetPrice("gpt-4o", ModelPrice.Create(1, 2)));
            Assert.Equal(TelemetryErrorCode.ConfigurationError, ex.Code);
        }

        [Fact]
        public void Set_price_on_an_unknown_model_is_a_pricing_error()
        {
            using var temp = new TempFolder();
            var ex = Assert.Throws<TelemetryException>(() => ModelRegistry.Load(temp.File("models.json")).SetPrice("nope-model", ModelPrice.Create(1, 2)));
            Assert.Equal(TelemetryErrorCode.PricingError, ex.Code);
        }

        [Fact]
        public void Missing_or_empty_override_file_is_no_warning()
        {
            using var temp = new TempFolder();
            Assert.Empty(ModelRegistry.Load(temp.File("absent.json")).LoadWarnings);
            File.WriteAllText(temp.File("empty.json"), "\n");
            Assert.Empty(ModelRegistry.Load(temp.File("empty.json")).LoadWarnings);
        }

        [Fact]
        public async System.Threading.Tasks.Task Concurrent_saves_and_lookups_lose_nothing()
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var writers = Enumerable.Range(0, 4).Select(w => System.Threading.Tasks.Task.Run(() =>
            {
                for (int i = 0; i < 10; i++)
                    registry.SetModel(new ModelInfo { Id = $"m-{w}-{i}", Provider = "x", Prices = new[] { ModelPrice.Create(1, 2) } });
            }));
            var readers = Enumerable.Range(0, 4).Select(_ => System.Threading.Tasks.Task.Run(() =>
            {
                for (int i = 0; i < 200; i++) Assert.True(registry.Resolve("gpt-4o").Found);
            }));
            await System.Threading.Tasks.Task.WhenAll(writers.Concat(readers));
            var reloaded = ModelRegistry.Load(temp.File("models.json"));
            Assert.Equal(40, reloaded.Models.Count(m => m.Origin == ModelOrigins.Override));
            Assert.Empty(reloaded.LoadWarnings);
        }

        [Fact]
        public void Default_is_one_shared_instance()
        {
            Assert.Same(ModelRegistry.Default, ModelRegistry.Default);
            Assert.True(ModelRegistry.Default.Models.Count > 0);
        }
    }
}
