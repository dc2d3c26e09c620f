using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace LlmTelemetry.PowerShell.Tests.Support
{
    /// <summary>
    /// The built cmdlet assembly, read (never executed) through a MetadataLoadContext: the build output folder, the
    /// runtime's folder and PowerShellStandard.Library's System.Management.Automation.dll resolve its references.
    /// </summary>
    public static class ModuleAssembly
    {
        private static readonly Lazy<Assembly> Loaded = new Lazy<Assembly>(Load);

        public static Assembly BuiltAssembly => Loaded.Value;

        public static string RepoRoot
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LlmTelemetry.slnx"))) dir = dir.Parent;
                return dir?.FullName ?? throw new InvalidOperationException("repository root (LlmTelemetry.slnx) not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>Debug or Release: the configuration this test assembly was built as.</summary>
        public static string Configuration
            => AppContext.BaseDirectory.Replace('\\', '/').Contains("/Release/") ? "Release" : "Debug";

        public static string OutputFolder
            => Path.Combine(RepoRoot, "src", "LlmTelemetry.PowerShell", "bin", Configuration, "netstandard2.0");

        public static string DllPath => Path.Combine(OutputFolder, "LlmTelemetry.dll");

        public static string SystemManagementAutomation
        {
            get
            {
                var root = typeof(ModuleAssembly).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .First(a => a.Key == "PowerShellStandardLibrary").Value;
                // Set by the build from the package's restore path (GeneratePathProperty), so the version lives only in Directory.Packages.props.
                if (string.IsNullOrEmpty(root))
                    throw new InvalidOperationException("the build did not stamp PowerShellStandardLibrary (PkgPowerShellStandard_Library): restore tests/LlmTelemetry.PowerShell.Tests");
                return Path.Combine(root!, "lib", "netstandard2.0", "System.Management.Automation.dll");
            }
        }

        /// <summary>Public, non-abstract classes carrying [Cmdlet].</summary>
        public static IReadOnlyList<Type> CmdletTypes
            => BuiltAssembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract && Attribute(t, "CmdletAttribute") is not null).ToList();

        public static CustomAttributeData? Attribute(MemberInfo member, string name)
            => member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == name);

        public static IEnumerable<CustomAttributeData> Attributes(MemberInfo member, string name)
            => member.GetCustomAttributesData().Where(a => a.AttributeType.Name == name);

        public static T? Named<T>(CustomAttributeData attribute, string name)
        {
            foreach (var arg in attribute.NamedArguments)
                if (arg.MemberName == name) return (T?)arg.TypedValue.Value;
            return default;
        }

        /// <summary>"Get-LlmCost" for the class carrying [Cmdlet("Get", "LlmCost")].</summary>
        public static string CmdletName(Type type)
        {
            var a = Attribute(type, "CmdletAttribute")!;
            return a.ConstructorArguments[0].Value + "-" + a.ConstructorArguments[1].Value;
        }

        /// <summary>The cmdlet's parameters: public properties with [Parameter], inherited ones included.</summary>
        public static IReadOnlyList<PropertyInfo> Parameters(Type cmdlet)
            => cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => Attributes(p, "ParameterAttribute").Any()).ToList();

        public static PropertyInfo Parameter(Type cmdlet, string name)
            => Parameters(cmdlet).SingleOrDefault(p => p.Name == name)
               ?? throw new Xunit.Sdk.XunitException($"{CmdletName(cmdlet)} has no parameter -{name}");

        private static Assembly Load()
        {
            if (!File.Exists(DllPath)) throw new FileNotFoundException("build src/LlmTelemetry.PowerShell first", DllPath);
            var paths = new List<string>();
            paths.AddRange(Directory.GetFiles(OutputFolder, "*.dll"));
            var sma = SystemManagementAutomation;
            if (!File.Exists(sma)) throw new FileNotFoundException("PowerShellStandard.Library's reference assembly", sma);
            paths.Add(sma);
            var shipped = new HashSet<string>(paths.Select(Path.GetFileName)!, StringComparer.OrdinalIgnoreCase);
            // The runtime's copies of assemblies the module also ships would be duplicates; the module's win.
            paths.AddRange(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Where(p => !shipped.Contains(Path.GetFileName(p))));
            var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
            return context.LoadFromAssemblyPath(DllPath);
        }
    }
}
