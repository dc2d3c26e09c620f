using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using LlmTelemetry.PowerShell.Tests.Support;
using Xunit;
using static LlmTelemetry.PowerShell.Tests.Support.ModuleAssembly;

namespace LlmTelemetry.PowerShell.Tests
{
    public sealed class CmdletContractTests
    {
        /// <summary>Get-Verb in PowerShell 7.4, embedded because no PowerShell runs here.</summary>
        private static readonly HashSet<string> ApprovedVerbs = new HashSet<string>(new[]
        {
            "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open",
            "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip",
            "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
            "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
            "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand",
            "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync",
            "Unpublish", "Update",
            "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
            "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke",
            "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
            "Use",
            "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
        }, StringComparer.Ordinal);

        /// <summary>The cmdlets of issues 6 (store, cost, config, retention, models and prices), 7 (chat), 8 (dashboard), 16 (budgets, status, blocks) and 17 (send).</summary>
        private static readonly string[] Expected =
        {
            "Export-LlmTelemetry", "Get-LlmCost", "Get-LlmModel", "Get-LlmTelemetry", "Get-LlmTelemetryConfig", "Get-LlmUsageStats",
            "Import-LlmModelPrice", "Import-LlmTelemetry", "Invoke-LlmChat", "Measure-LlmCost", "Register-LlmTelemetryRetention",
            "Remove-LlmTelemetry", "Set-LlmModelPrice", "Set-LlmTelemetryConfig", "Show-LlmTelemetry", "Unregister-LlmTelemetryRetention",
            "Write-LlmTelemetry", "Get-LlmBudget", "Set-LlmBudget", "Remove-LlmBudget", "Get-LlmStatus", "Write-LlmStatus", "Get-LlmUsageBlock",
            "Send-LlmTelemetry",
        };

        /// <summary>
        /// PowerShell's own types a cmdlet may write, formatted by PowerShell itself: Show-LlmTelemetry writes the page's
        /// FileInfo, as Get-Item would, so it pipes into Invoke-Item, Copy-Item or Send-MailMessage -Attachments.
        /// </summary>
        internal static readonly HashSet<string> PowerShellOwnOutputs = new HashSet<string>(StringComparer.Ordinal) { "System.IO.FileInfo" };

        public static IEnumerable<object[]> Cmdlets => CmdletTypes.Select(t => new object[] { CmdletName(t) });

        private static Type Cmdlet(string name) => CmdletTypes.Single(t => CmdletName(t) == name);

        [Fact]
        public void The_module_has_exactly_the_expected_cmdlets()
            => Assert.Equal(Expected.OrderBy(n => n), CmdletTypes.Select(CmdletName).OrderBy(n => n));

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Each_cmdlet_uses_an_approved_verb_and_an_Llm_noun(string name)
        {
            var parts = name.Split('-');
            Assert.Contains(parts[0], ApprovedVerbs);
            Assert.StartsWith("Llm", parts[1]);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Each_cmdlet_is_a_sealed_class_named_for_it_in_its_own_file_namespace(string name)
        {
            var type = Cmdlet(name);
            Assert.True(type.IsSealed);
            Assert.Equal("LlmTelemetry.Commands", type.Namespace);
            Assert.Equal(name.Replace("-", "") + "Command", type.Name);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Each_cmdlet_declares_flat_output_types_of_the_module(string name)
        {
            var outputs = OutputTypes(Cmdlet(name));
            Assert.NotEmpty(outputs);
            foreach (var type in outputs.Where(t => !PowerShellOwnOutputs.Contains(t.FullName!)))
            {
                Assert.Equal("LlmTelemetry", type.Namespace);
                Assert.True(type.IsSealed, type.Name + " should be sealed");
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    Assert.True(IsScalar(property.PropertyType), $"{type.Name}.{property.Name} is {property.PropertyType}: not one CSV cell");
            }
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Cmdlets_that_write_or_delete_support_ShouldProcess_and_only_Remove_All_is_high_impact(string name)
        {
            var attribute = Attribute(Cmdlet(name), "CmdletAttribute")!;
            var verb = name.Split('-')[0];
            // Send writes too: to another system, and the store's checkpoint of what went there.
            bool writes = new[] { "Remove", "Set", "Write", "Export", "Register", "Unregister", "Import", "Send" }.Contains(verb);
            Assert.Equal(writes, Named<bool>(attribute, "SupportsShouldProcess"));
            // ConfirmImpact.High (3) would prompt every scheduled retention run; -All confirms on its own (see the cmdlet).
            Assert.NotEqual(3, Named<int>(attribute, "ConfirmImpact"));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void ValidateRange_bounds_have_one_type_or_PowerShell_refuses_to_load_the_cmdlet(string name)
        {
            foreach (var p in Parameters(Cmdlet(name)))
            {
                var range = Attribute(p, "ValidateRangeAttribute");
                if (range is null) continue;
                Assert.Equal(range.ConstructorArguments[0].ArgumentType, range.ConstructorArguments[1].ArgumentType);
            }
        }

        [Fact]
        public void Measure_LlmCost_takes_records_from_the_pipeline_and_groups_by_several_keys()
        {
            var input = Parameter(Cmdlet("Measure-LlmCost"), "InputObject");
            Assert.True(Named<bool>(Attribute(input, "ParameterAttribute")!, "ValueFromPipeline"));
            Assert.Equal("LlmTelemetry.LlmRecord[]", input.PropertyType.FullName);
            Assert.Equal("LlmTelemetry.Queries.GroupKey[]", Parameter(Cmdlet("Measure-LlmCost"), "GroupBy").PropertyType.FullName);
            Assert.Equal("LlmTelemetry.Queries.GroupKey[]", Parameter(Cmdlet("Get-LlmCost"), "GroupBy").PropertyType.FullName);
        }

        [Fact]
        public void Remove_LlmTelemetry_takes_ids_by_property_name_so_piped_records_are_removed()
        {
            var remove = Cmdlet("Remove-LlmTelemetry");
            var id = Parameter(remove, "Id");
            Assert.True(Named<bool>(Attribute(id, "ParameterAttribute")!, "ValueFromPipelineByPropertyName"));
            Assert.Equal(typeof(string[]).FullName, id.PropertyType.FullName);
            foreach (var p in new[] { "OlderThan", "Before", "All", "ApplyRetention", "PassThru", "Path", "IncludeHistory", "Force" }) Parameter(remove, p);
            // Each mode is its own parameter set, so PowerShell itself refuses two modes at once.
            var sets = new[] { "OlderThan", "Before", "Id", "All", "ApplyRetention" }
                .Select(p => Named<string>(Attribute(Parameter(remove, p), "ParameterAttribute")!, "ParameterSetName")).ToList();
            Assert.Equal(5, sets.Distinct().Count());
            // History goes only with a choice of days (a rollup holds no ids; retention has its own history limits),
            // and -Force skips the confirmation wherever -IncludeHistory or -All asks one.
            foreach (var p in new[] { "IncludeHistory", "Force" })
                Assert.Equal(new[] { "All", "Before", "OlderThan" },
                    Attributes(Parameter(remove, p), "ParameterAttribute").Select(a => Named<string>(a, "ParameterSetName")).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void Get_LlmTelemetry_has_the_range_filter_and_store_parameters_with_completers_on_names()
        {
            var get = Cmdlet("Get-LlmTelemetry");
            foreach (var p in new[] { "Days", "Start", "End", "Model", "Provider", "Agent", "Operation", "Project", "Session", "User", "EventType", "Search", "Failed", "First", "Path", "TimeZone" })
                Parameter(get, p);
            foreach (var (p, completer) in new[] { ("Model", "ModelCompleter"), ("Agent", "AgentCompleter"), ("Project", "ProjectCompleter") })
            {
                var attribute = Attribute(Parameter(get, p), "ArgumentCompleterAttribute")!;
                Assert.Equal(completer, ((Type)attribute.ConstructorArguments[0].Value!).Name);
                Assert.NotNull(Attribute(Parameter(get, p), "SupportsWildcardsAttribute"));
            }
        }

        [Fact]
        public void The_completers_are_argument_completers()
        {
            foreach (var name in new[] { "ModelCompleter", "AgentCompleter", "ProjectCompleter", "RegistryModelCompleter" })
            {
                var type = BuiltAssembly.GetType("LlmTelemetry.Completion." + name)!;
                Assert.Contains(type.GetInterfaces(), i => i.FullName == "System.Management.Automation.IArgumentCompleter");
                Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
            }
        }

        [Fact]
        public void Export_Get_cost_and_stats_share_the_range_and_filters()
        {
            foreach (var name in new[] { "Export-LlmTelemetry", "Get-LlmCost", "Get-LlmUsageStats" })
                foreach (var p in new[] { "Days", "Start", "End", "Model", "Agent", "Project", "TimeZone", "Failed" })
                    Parameter(Cmdlet(name), p);
            var export = Cmdlet("Export-LlmTelemetry");
            Assert.True(Named<bool>(Attribute(Parameter(export, "Path"), "ParameterAttribute")!, "Mandatory"));
            Assert.Equal("LlmTelemetry.Exporters.ExportFormat", Parameter(export, "Format").PropertyType.FullName);
            Parameter(export, "StorePath");
        }

        [Fact]
        public void Write_LlmTelemetry_has_every_field_of_a_call()
        {
            var write = Cmdlet("Write-LlmTelemetry");
            foreach (var p in new[] { "Model", "InputTokens", "OutputTokens", "CacheCreationInputTokens", "CacheCreation1hInputTokens", "CacheReadInputTokens",
                         "ReasoningTokens", "DurationMs", "Agent", "Operation", "Session", "Project", "User", "Success", "ErrorMessage", "Prompt", "Response",
                         "EventType", "Payload", "CostUsd", "PassThru" })
                Parameter(write, p);
            Assert.Equal("System.Collections.IDictionary", Parameter(write, "Payload").PropertyType.FullName);
        }

        [Fact]
        public void Import_LlmTelemetry_takes_an_optional_source_a_path_and_the_store()
        {
            var import = Cmdlet("Import-LlmTelemetry");
            // Optional: without -Source every tool whose logs are on the machine is imported.
            var source = Parameter(import, "Source");
            Assert.Equal("System.Nullable`1", source.PropertyType.GetGenericTypeDefinition().FullName);
            Assert.Equal("LlmTelemetry.Importers.ImportSource", source.PropertyType.GetGenericArguments()[0].FullName);
            Assert.False(Named<bool>(Attribute(source, "ParameterAttribute")!, "Mandatory"));
            Assert.Equal(0, Named<int>(Attribute(source, "ParameterAttribute")!, "Position"));
            Parameter(import, "Path");
            Parameter(import, "StorePath");
            Assert.Equal(new[] { "LlmTelemetry.LlmImportResult" }, OutputTypes(import).Select(t => t.FullName));
        }

        [Fact]
        public void Set_LlmTelemetryConfig_persists_the_eight_settings()
        {
            foreach (var p in new[] { "StorageEnabled", "Directory", "RetentionDays", "MaxSizeMB", "HistoryDays", "HistoryMaxSizeMB", "StorePrompts", "StoreResponses" })
                Parameter(Cmdlet("Set-LlmTelemetryConfig"), p);
        }

        [Fact]
        public void Get_LlmModel_takes_names_with_wildcards_from_the_pipeline_and_completes_them_from_the_registry()
        {
            var get = Cmdlet("Get-LlmModel");
            var name = Parameter(get, "Name");
            Assert.True(Named<bool>(Attribute(name, "ParameterAttribute")!, "ValueFromPipelineByPropertyName"));
            Assert.True(Named<bool>(Attribute(name, "ParameterAttribute")!, "ValueFromPipeline"));
            Assert.Equal(typeof(string[]).FullName, name.PropertyType.FullName);
            Assert.NotNull(Attribute(name, "SupportsWildcardsAttribute"));
            // Piped telemetry records bind their Model; not their Id, which names the record.
            var aliases = Attribute(name, "AliasAttribute")!.ConstructorArguments[0].Value as IEnumerable<CustomAttributeTypedArgument>;
            Assert.Equal(new[] { "Model" }, aliases!.Select(a => (string)a.Value!));
            Assert.Equal("RegistryModelCompleter", ((Type)Attribute(name, "ArgumentCompleterAttribute")!.ConstructorArguments[0].Value!).Name);
            Assert.NotNull(Attribute(Parameter(get, "Provider"), "SupportsWildcardsAttribute"));
            Assert.Equal(new[] { "LlmTelemetry.LlmModel" }, OutputTypes(get).Select(t => t.FullName));
        }

        [Fact]
        public void Set_LlmModelPrice_sets_every_rate_and_binds_rows_of_a_price_sheet_by_property_name()
        {
            var set = Cmdlet("Set-LlmModelPrice");
            foreach (var p in new[] { "Model", "InputPerMillion", "OutputPerMillion", "CacheWrite5mPerMillion", "CacheWrite1hPerMillion", "CacheReadPerMillion", "EffectiveFrom", "Provider", "ContextWindow" })
                Assert.True(Named<bool>(Attribute(Parameter(set, p), "ParameterAttribute")!, "ValueFromPipelineByPropertyName"), p);
            foreach (var p in new[] { "Model", "InputPerMillion", "OutputPerMillion" })
                Assert.True(Named<bool>(Attribute(Parameter(set, p), "ParameterAttribute")!, "Mandatory"), p);
            Parameter(set, "PassThru");
            Assert.Equal("RegistryModelCompleter", ((Type)Attribute(Parameter(set, "Model"), "ArgumentCompleterAttribute")!.ConstructorArguments[0].Value!).Name);
        }

        [Fact]
        public void Import_LlmModelPrice_takes_a_file_piped_from_Get_Item_and_writes_a_flat_result()
        {
            var import = Cmdlet("Import-LlmModelPrice");
            var path = Parameter(import, "Path");
            Assert.True(Named<bool>(Attribute(path, "ParameterAttribute")!, "Mandatory"));
            Assert.True(Named<bool>(Attribute(path, "ParameterAttribute")!, "ValueFromPipelineByPropertyName"));
            Assert.Contains("FullName", ((IEnumerable<CustomAttributeTypedArgument>)Attribute(path, "AliasAttribute")!.ConstructorArguments[0].Value!).Select(a => (string)a.Value!));
            Assert.Equal(new[] { "LlmTelemetry.LlmModelPriceImportResult" }, OutputTypes(import).Select(t => t.FullName));
        }

        [Fact]
        public void Invoke_LlmChat_takes_prompts_from_the_pipeline_one_call_each()
        {
            var chat = Cmdlet("Invoke-LlmChat");
            var prompt = Parameter(chat, "Prompt");
            var attribute = Attribute(prompt, "ParameterAttribute")!;
            Assert.True(Named<bool>(attribute, "ValueFromPipeline"));
            Assert.Equal(0, Named<int>(attribute, "Position"));
            Assert.Equal(typeof(string).FullName, prompt.PropertyType.FullName);
            foreach (var p in new[] { "System", "Model", "Provider", "BaseUri", "MaxTokens", "Temperature", "Messages", "Stream", "CacheSystemPrompt",
                         "Agent", "Operation", "Session", "TimeoutSec", "MaxRetries", "StorePath" })
                Parameter(chat, p);
            // A string the core reads (ChatArguments.ParseProvider), as the CLI's --provider is: the enum would refuse "openai-compatible".
            Assert.Equal("System.String", Parameter(chat, "Provider").PropertyType.FullName);
            Assert.Equal("ChatProviderCompleter", ((Type)Attribute(Parameter(chat, "Provider"), "ArgumentCompleterAttribute")!.ConstructorArguments[0].Value!).Name);
            Assert.Equal("System.Uri", Parameter(chat, "BaseUri").PropertyType.FullName);
            Assert.Equal("System.Collections.Hashtable[]", Parameter(chat, "Messages").PropertyType.FullName);
            Assert.Equal("RegistryModelCompleter", ((Type)Attribute(Parameter(chat, "Model"), "ArgumentCompleterAttribute")!.ConstructorArguments[0].Value!).Name);
            Assert.Equal(new[] { "LlmTelemetry.LlmChatResponse" }, OutputTypes(chat).Select(t => t.FullName));
        }

        [Fact]
        public void Show_LlmTelemetry_shares_the_range_and_filters_and_writes_the_page_FileInfo()
        {
            var show = Cmdlet("Show-LlmTelemetry");
            foreach (var p in new[] { "Days", "Start", "End", "Model", "Provider", "Agent", "Operation", "Project", "Session", "User", "EventType", "Search", "Failed",
                         "TimeZone", "Path", "NoOpen", "MaxEvents", "StorePath" })
                Parameter(show, p);
            Assert.Equal("ModelCompleter", ((Type)Attribute(Parameter(show, "Model"), "ArgumentCompleterAttribute")!.ConstructorArguments[0].Value!).Name);
            Assert.Equal(new[] { "System.IO.FileInfo" }, OutputTypes(show).Select(t => t.FullName));
        }

        [Fact]
        public void No_parameter_or_output_exposes_a_System_Text_Json_type()
        {
            foreach (var type in CmdletTypes)
            {
                foreach (var p in Parameters(type)) Assert.DoesNotContain("System.Text.Json", p.PropertyType.FullName);
                foreach (var o in OutputTypes(type))
                    foreach (var p in o.GetProperties()) Assert.DoesNotContain("System.Text.Json", p.PropertyType.FullName);
            }
        }

        [Fact]
        public void The_module_initializer_resolves_dependencies_on_import_and_cleans_up_on_remove()
        {
            var init = BuiltAssembly.GetType("LlmTelemetry.Internal.ModuleInitializer")!;
            var interfaces = init.GetInterfaces().Select(i => i.FullName).ToList();
            Assert.Contains("System.Management.Automation.IModuleAssemblyInitializer", interfaces);
            Assert.Contains("System.Management.Automation.IModuleAssemblyCleanup", interfaces);
        }

        internal static IReadOnlyList<Type> OutputTypes(Type cmdlet)
            => Attributes(cmdlet, "OutputTypeAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { arg.Value })
                .OfType<Type>().ToList();

        private static bool IsScalar(Type t)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition().FullName == "System.Nullable`1") t = t.GetGenericArguments()[0];
            if (t.IsPrimitive || t.IsEnum) return true;
            // Value is object in LlmConfigSetting: it holds a bool, an int or a string, each one cell.
            return new[] { "System.String", "System.DateTime", "System.DateTimeOffset", "System.Decimal", "System.TimeSpan", "System.Object" }.Contains(t.FullName);
        }
    }
}
