using LlmTelemetry.Internal;
using System;
using System.Collections.Generic;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// The calls the first pass found in one Claude Code log, in the order of each call's first line. They are kept in
    /// blocks, and every block but the last two goes to the import's <see cref="CallSpill"/> as soon as it is full (the
    /// rest when the parse ends), so a file of any size costs a few blocks of memory while it is read and one bit a call
    /// after: which version of each call is written (<see cref="IsChosen"/>).
    /// </summary>
    internal sealed class ClaudeCodeOutcome : FileOutcome
    {
        private const int BlockBits = 14;

        /// <summary>Calls in a block (768 KB): larger than <see cref="FoldWindow"/>, so a fold reaches back one block at most.</summary>
        internal const int BlockSize = 1 << BlockBits;

        /// <summary>
        /// How many recent keys are remembered for folding a call's lines as they are read. Claude Code writes a call's
        /// lines close together, so a small window folds nearly all of them; a line that comes back later makes a
        /// second entry, which <see cref="ClaudeCodeImporter"/> resolves with the other files' (the same rule), so the
        /// window bounds memory without changing the result.
        /// </summary>
        internal const int FoldWindow = 4096;

        private readonly CallSpill _spill;
        private readonly List<long> _spilled = new List<long>();
        private ClaudeCodeCall[]? _current = new ClaudeCodeCall[256];
        private ClaudeCodeCall[]? _previous;
        private Dictionary<Hash128, int>? _recent = new Dictionary<Hash128, int>();
        private ulong[]? _chosen;

        public ClaudeCodeOutcome(LogFile file, CallSpill spill) : base(file) => _spill = spill;

        /// <summary>How many calls (per line for a call without both ids), in the order of each call's first line.</summary>
        public int Count { get; private set; }

        /// <summary>How many of them have a key (message.id + requestId): those are the ones Choose compares.</summary>
        public int Keyed { get; private set; }

        /// <summary>Blocks of calls, each <see cref="BlockSize"/> but the last.</summary>
        public int Blocks => (Count + BlockSize - 1) >> BlockBits;

        /// <summary>Bytes of the file the parse read: the second pass reads no further.</summary>
        public long ReadLimit;

        /// <summary>The earliest time of a call in the file (UTC ticks): the second pass writes the oldest logs first.</summary>
        public long FirstTicks = long.MaxValue;

        public void Add(bool hasKey, Hash128 key, long total, bool fast, long offset, long line)
        {
            if (hasKey && _recent is not null && _recent.TryGetValue(key, out int seen) && InMemory(seen))
            {
                ref var current = ref Recent(seen);
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
            int at = Count & (BlockSize - 1);
            if (at == 0 && Count > 0)
            {
                // A new block: the one before the last can no longer be folded into, so it goes to disk, and its array
                // is used again for the new one.
                var reuse = _previous;
                if (reuse is not null) _spilled.Add(_spill.Write(reuse, BlockSize));
                _previous = _current;
                _current = reuse ?? new ClaudeCodeCall[BlockSize];
            }
            else if (at == _current!.Length)
            {
                // The first block starts small (most logs hold a few hundred calls) and grows to a full block.
                var grown = _current;
                Array.Resize(ref grown, Math.Min(BlockSize, grown.Length * 4));
                _current = grown;
            }
            _current![at] = new ClaudeCodeCall
            {
                Key = key,
                HasKey = hasKey,
                Total = total,
                Fast = fast,
                Offset = offset,
                Line = line,
            };
            if (hasKey)
            {
                Keyed++;
                if (_recent is not null)
                {
                    if (_recent.Count >= FoldWindow) _recent.Clear();
                    _recent[key] = Count;
                }
            }
            Count++;
        }

        /// <summary>
        /// Is call <paramref name="index"/> in the block being filled or the one before it? A key in the fold window
        /// nearly always is; one that calls without a key pushed further back is not folded, and gets a second entry
        /// that Choose resolves as it does a line that came back after the window.
        /// </summary>
        private bool InMemory(int index) => (index >> BlockBits) >= ((Count - 1) >> BlockBits) - (_previous is null ? 0 : 1);

        private ref ClaudeCodeCall Recent(int index)
            => ref (index >> BlockBits) == ((Count - 1) >> BlockBits) ? ref _current![index & (BlockSize - 1)] : ref _previous![index & (BlockSize - 1)];

        /// <summary>Ends the parse: the last blocks go to the spill and the fold window is dropped.</summary>
        public void EndParse()
        {
            _recent = null;
            if (Count == 0)
            {
                _current = _previous = null;
                return;
            }
            int last = (Count - 1) >> BlockBits;
            if (_previous is not null) _spilled.Add(_spill.Write(_previous, BlockSize));
            _spilled.Add(_spill.Write(_current!, Count - (last << BlockBits)));
            _current = _previous = null;
        }

        /// <summary>The calls of block <paramref name="block"/> into <paramref name="into"/> (at least <see cref="BlockSize"/> or <see cref="Count"/> long); returns how many.</summary>
        public int ReadBlock(int block, ClaudeCodeCall[] into)
        {
            int count = Math.Min(BlockSize, Count - (block << BlockBits));
            _spill.Read(_spilled[block], into, count);
            return count;
        }

        /// <summary>A buffer for <see cref="ReadBlock"/>: a block, or the whole file when it holds fewer calls.</summary>
        public ClaudeCodeCall[] NewBlockBuffer() => new ClaudeCodeCall[Math.Min(BlockSize, Math.Max(1, Count))];

        /// <summary>Index of the first call of block <paramref name="block"/>.</summary>
        public static int FirstOf(int block) => block << BlockBits;

        /// <summary>Marks call <paramref name="index"/> as the version written (the best across files).</summary>
        public void Choose(int index)
        {
            _chosen ??= new ulong[(Count + 63) >> 6];
            _chosen[index >> 6] |= 1UL << (index & 63);
        }

        /// <summary>Is call <paramref name="index"/> written? Every call without a key is (it is its own call).</summary>
        public bool IsChosen(int index, in ClaudeCodeCall call)
            => !call.HasKey || (_chosen is not null && (_chosen[index >> 6] & (1UL << (index & 63))) != 0);

        /// <summary>Drops every call (they are written, or the file failed).</summary>
        public void Release()
        {
            _spilled.Clear();
            _current = _previous = null;
            _chosen = null;
            _recent = null;
            Count = 0;
            Keyed = 0;
        }
    }
}
