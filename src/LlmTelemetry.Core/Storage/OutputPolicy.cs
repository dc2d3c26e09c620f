using System;
using System.IO;

namespace LlmTelemetry.Storage
{
    /// <summary>Who chose an output path, which decides what may be followed there.</summary>
    internal enum OutputPolicy
    {
        /// <summary>
        /// A person named it (--out, -Path, their config file): a symbolic link there is followed as the shell's `>`
        /// would, and a FIFO or character device (a pipe, /dev/stdout, /dev/null, a terminal) is written in place.
        /// </summary>
        Named,

        /// <summary>
        /// The product picked it (store files, checkpoints, the default report): whatever is there (a link, a FIFO) is
        /// replaced by the new file, never followed or written through.
        /// </summary>
        Owned,
    }
}
