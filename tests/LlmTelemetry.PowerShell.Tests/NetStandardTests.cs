using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;
using static LlmTelemetry.PowerShell.Tests.Support.ModuleAssembly;

namespace LlmTelemetry.PowerShell.Tests
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework 4.7.2) cannot run here, so the module's promise to load there is kept by
    /// its build target: the cmdlet and core assemblies are netstandard2.0, reference only what ships beside them, and
    /// call no type or member that netstandard 2.0's reference assembly lacks.
    /// </summary>
    public sealed class NetStandardTests
    {
        public static IEnumerable<object[]> ModuleAssemblies => new[] { new object[] { "LlmTelemetry.dll" }, new object[] { "LlmTelemetry.Core.dll" } };

        /// <summary>PowerShell supplies System.Management.Automation; every other reference must be shipped in the module folder.</summary>
        private static readonly HashSet<string> Provided = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "netstandard", "System.Management.Automation" };

        [Theory]
        [MemberData(nameof(ModuleAssemblies))]
        public void The_assembly_targets_netstandard2_0(string file)
        {
            using var pe = Open(file, out var reader);
            var target = reader.CustomAttributes.Select(reader.GetCustomAttribute)
                .Where(a => AttributeTypeName(reader, a) == "System.Runtime.Versioning.TargetFrameworkAttribute")
                .Select(a => a.DecodeValue(new StringOnlyDecoder()).FixedArguments[0].Value as string)
                .SingleOrDefault();
            Assert.Equal(".NETStandard,Version=v2.0", target);
        }

        [Theory]
        [MemberData(nameof(ModuleAssemblies))]
        public void Every_reference_is_netstandard_PowerShell_or_shipped_beside_the_module(string file)
        {
            using var pe = Open(file, out var reader);
            var shipped = new HashSet<string>(Directory.GetFiles(OutputFolder, "*.dll").Select(Path.GetFileNameWithoutExtension)!, StringComparer.OrdinalIgnoreCase);
            foreach (var handle in reader.AssemblyReferences)
            {
                var name = reader.GetString(reader.GetAssemblyReference(handle).Name);
                Assert.True(Provided.Contains(name) || shipped.Contains(name), $"{file} references {name}, which is neither netstandard, PowerShell nor shipped in {OutputFolder}");
            }
        }

        [Theory]
        [MemberData(nameof(ModuleAssemblies))]
        public void Every_type_and_member_used_from_netstandard_exists_in_netstandard_2_0(string file)
        {
            using var pe = Open(file, out var reader);
            using var context = new MetadataLoadContext(new PathAssemblyResolver(new[] { NetStandardReference }));
            var netstandard = context.LoadFromAssemblyPath(NetStandardReference);
            var missing = new List<string>();
            var types = new Dictionary<TypeReferenceHandle, Type?>();

            foreach (var handle in reader.TypeReferences)
            {
                var name = FromNetStandard(reader, handle);
                if (name is null) continue;
                var type = netstandard.GetType(name, throwOnError: false);
                types[handle] = type;
                if (type is null) missing.Add(name);
            }
            foreach (var handle in reader.MemberReferences)
            {
                var member = reader.GetMemberReference(handle);
                if (member.Parent.Kind != HandleKind.TypeReference) continue;
                if (!types.TryGetValue((TypeReferenceHandle)member.Parent, out var type) || type is null) continue;
                var name = reader.GetString(member.Name);
                const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
                bool found = member.GetKind() == MemberReferenceKind.Field
                    ? Hierarchy(type).Any(t => t.GetField(name, all | BindingFlags.DeclaredOnly) is not null)
                    : Hierarchy(type).Any(t => t.GetMember(name, MemberTypes.Method | MemberTypes.Constructor, all | BindingFlags.DeclaredOnly).Length > 0);
                if (!found) missing.Add(type.FullName + "." + name);
            }
            Assert.True(types.Count > 20, $"only {types.Count} netstandard types found in {file}: the reader is not seeing its references");
            Assert.True(missing.Count == 0, $"{file} uses what netstandard 2.0 does not have: " + string.Join(", ", missing.Distinct()));
        }

        /// <summary>netstandard.dll of NETStandard.Library 2.0.3, the surface the module compiles against.</summary>
        private static string NetStandardReference
        {
            get
            {
                var root = typeof(NetStandardTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "NETStandardLibrary").Value;
                if (string.IsNullOrEmpty(root)) throw new InvalidOperationException("the build did not stamp NETStandardLibrary (PkgNETStandard_Library): restore tests/LlmTelemetry.PowerShell.Tests");
                var path = Path.Combine(root!, "build", "netstandard2.0", "ref", "netstandard.dll");
                if (!File.Exists(path)) throw new FileNotFoundException("netstandard 2.0 reference assembly", path);
                return path;
            }
        }

        private static IEnumerable<Type> Hierarchy(Type type)
        {
            for (var t = type; t is not null; t = t.BaseType) yield return t;
            foreach (var i in type.GetInterfaces()) yield return i;
        }

        private static PEReader Open(string file, out MetadataReader reader)
        {
            var path = Path.Combine(OutputFolder, file);
            if (!File.Exists(path)) throw new FileNotFoundException("build src/LlmTelemetry.PowerShell first", path);
            var pe = new PEReader(File.OpenRead(path));
            reader = pe.GetMetadataReader();
            return pe;
        }

        /// <summary>The reflection name (Outer+Inner) of a type referenced from netstandard, else null.</summary>
        private static string? FromNetStandard(MetadataReader reader, TypeReferenceHandle handle)
        {
            var type = reader.GetTypeReference(handle);
            var name = reader.GetString(type.Name);
            switch (type.ResolutionScope.Kind)
            {
                case HandleKind.AssemblyReference:
                    var assembly = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name);
                    if (assembly != "netstandard") return null;
                    var ns = reader.GetString(type.Namespace);
                    return ns.Length == 0 ? name : ns + "." + name;
                case HandleKind.TypeReference:
                    var outer = FromNetStandard(reader, (TypeReferenceHandle)type.ResolutionScope);
                    return outer is null ? null : outer + "+" + name;
                default:
                    return null;
            }
        }

        private static string AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
        {
            if (attribute.Constructor.Kind != HandleKind.MemberReference) return "";
            var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (parent.Kind != HandleKind.TypeReference) return "";
            var type = reader.GetTypeReference((TypeReferenceHandle)parent);
            return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
        }

        /// <summary>Decodes the one string argument TargetFrameworkAttribute has; its named FrameworkDisplayName is a string too.</summary>
        private sealed class StringOnlyDecoder : ICustomAttributeTypeProvider<Type>
        {
            public Type GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode == PrimitiveTypeCode.String ? typeof(string) : typeof(object);
            public Type GetSystemType() => typeof(Type);
            public Type GetSZArrayType(Type elementType) => elementType.MakeArrayType();
            public Type GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => typeof(object);
            public Type GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => typeof(object);
            public Type GetTypeFromSerializedName(string name) => typeof(object);
            public PrimitiveTypeCode GetUnderlyingEnumType(Type type) => PrimitiveTypeCode.Int32;
            public bool IsSystemType(Type type) => type == typeof(Type);
        }
    }
}
