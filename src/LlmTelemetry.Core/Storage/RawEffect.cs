namespace LlmTelemetry.Storage
{
    /// <summary>What a maintenance or removal step does to a day's raw records (its folder under the store root).</summary>
    public enum RawEffect
    {
        /// <summary>Nothing: the day has no raw records left (a step on its history alone).</summary>
        None,

        /// <summary>Every raw record of the day is deleted, with its folder.</summary>
        Removed,

        /// <summary>Kept, folded into telemetry.jsonl.gz.</summary>
        Compacted,

        /// <summary>The records with the ids asked for are removed; the day's other records stay.</summary>
        RecordsRemoved,
    }
}
