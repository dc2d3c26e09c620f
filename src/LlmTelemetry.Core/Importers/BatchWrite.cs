namespace LlmTelemetry.Importers
{
    /// <summary>What <see cref="IImportTarget.AppendBatch"/> wrote: new records, and corrections of stored ones.</summary>
    public readonly struct BatchWrite
    {
        public BatchWrite(int added, int corrected)
        {
            Added = added;
            Corrected = corrected;
        }

        /// <summary>Records whose id was not stored.</summary>
        public int Added { get; }

        /// <summary>
        /// Records whose id was stored with a smaller token total: written as corrections, which every reader takes in
        /// place of the stored version (the call counts once, with its larger usage).
        /// </summary>
        public int Corrected { get; }
    }
}
