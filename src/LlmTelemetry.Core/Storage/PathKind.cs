using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace LlmTelemetry.Storage
{
    /// <summary>What <see cref="FileSystem.KindOf"/> found at a path.</summary>
    internal enum PathKind
    {
        Missing,
        File,
        Directory,
        Link,
        Fifo,
        CharacterDevice,
        /// <summary>A block device or a socket.</summary>
        Other,
        /// <summary>Could not be told (no permission to look): treated as a regular file, so the write reports the real error.</summary>
        Unknown,
    }
}
