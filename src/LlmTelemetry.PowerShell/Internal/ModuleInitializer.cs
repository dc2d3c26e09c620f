using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// On Windows PowerShell 5.1 (.NET Framework) there are no binding redirects for a module, so System.Text.Json's
    /// dependencies (System.Memory, System.Runtime.CompilerServices.Unsafe, …) asked for at other versions than the
    /// ones shipped would fail to load. This resolves them from the module's own folder, as PSResourceGet and PlatyPS
    /// do. PowerShell 7 resolves from the module folder itself and gets no handler.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

        private static bool IsNetFramework
            => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public void OnImport()
        {
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        public void OnRemove(PSModuleInfo module)
        {
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var wanted = new AssemblyName(args.Name);
            if (string.IsNullOrEmpty(wanted.Name)) return null;
            string path = Path.Combine(ModuleFolder, wanted.Name + ".dll");
            if (!File.Exists(path)) return null;
            var shipped = AssemblyName.GetAssemblyName(path);
            // Act as a binding redirect upward only: never hand out an older copy than the one asked for.
            if (wanted.Version is not null && shipped.Version is not null && shipped.Version < wanted.Version) return null;
            return Assembly.LoadFrom(path);
        }
    }
}
