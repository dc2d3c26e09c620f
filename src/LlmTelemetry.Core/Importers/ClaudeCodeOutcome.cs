using LlmTelemetry.Internal;
using System;
using System.Collections.Generic;
using System.IO;

namespace LlmTelemetry.Importers
{
    internal sealed class ClaudeCodeOutcome : FileOutcome
    {
        /// <summary>Calls are kept in blocks of this many (4.5 MB), so a growing log never copies them all into a bigger array.</summary>
        private const int BlockBits = 16;
        internal const int BlockSize = 1 << BlockBits;

        /// <summary>
        /// How many recent keys are remembered for folding a call's lines as they are read. Claude Code writes a call's
        /// lines close together, so a small window folds nearly all of them; a line that comes back later makes a
        /// second entry, which <see cref="ClaudeCodeImporter"/> resolves with the other files' (the same rule), so the
        /// window bounds memory without changing the result.
        /// </summary>
        internal const int FoldWindow = 4096;

        private readonly List<ClaudeCodeCall[]?> _blocks = new List<ClaudeCodeCall[]?>();
        private Dictionary<Hash128, int>? _recent = new Dictionary<Hash128, int>();

        public ClaudeCodeOutcome(LogFile file) : base(file)
        {
        }

        /// <summary>How many calls (per line for a call without both ids), in the order of each call's first line.</summary>
        public int Count { get; private set; }

        public ref ClaudeCodeCall this[int index] => ref _blocks[index >> BlockBits]![index & (BlockSize - 1)];

        /// <summary>Bytes of the file the parse read: the second pass reads no further.</summary>
        public long ReadLimit;

        public void Add(bool hasKey, Hash128 key, long total, bool fast, long offset, long line)
        {
            if (hasKey && _recent is not null && _recent.TryGetValue(key, out int seen))
            {
                ref var current = ref this[seen];
                if (ClaudeCodeCall.IsBetter(total, fast, current))
                {
                    current.Total = total;
                    current.Fast = fast;
                    current.Offset = offset;
                    current.Line = line;
                }
                current.Collapsed++;
                return;
            }
            if ((Count & (BlockSize - 1)) == 0) _blocks.Add(new ClaudeCodeCall[Count == 0 ? 256 : BlockSize]);
            else if ((Count & (BlockSize - 1)) == _blocks[_blocks.Count - 1]!.Length)
            {
                // The first block starts small (most logs hold a few hundred calls) and grows to a full block.
                var last = _blocks[_blocks.Count - 1];
                Array.Resize(ref last, Math.Min(BlockSize, last!.Length * 4));
                _blocks[_blocks.Count - 1] = last;
            }
            this[Count] = new ClaudeCodeCall
            {
                Key = key,
                HasKey = hasKey,
                Total = total,
                Fast = fast,
                Offset = offset,
                Line = line,
            };
            if (hasKey && _recent is not null)
            {
                if (_recent.Count >= FoldWindow) _recent.Clear();
                _recent[key] = Count;
            }
            Count++;
        }

        /// <summary>Ends the parse: the fold window is only needed while lines are read.</summary>
        public void EndParse() => _recent = null;

        /// <summary>Drops the calls before <paramref name="index"/> once they are written, a block at a time.</summary>
        public void ReleaseBefore(int index)
        {
            for (int b = 0; b < _blocks.Count && (b + 1L) * BlockSize <= index; b++) _blocks[b] = null;
            // The last block may be partly filled: it goes once every call is written.
            if (index >= Count && _blocks.Count > 0) _blocks[_blocks.Count - 1] = null;
        }

        /// <summary>Drops every call.</summary>
        public void Release()
        {
            _blocks.Clear();
            Count = 0;
        }
    }
}
