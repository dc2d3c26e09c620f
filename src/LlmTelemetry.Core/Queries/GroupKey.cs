using System;

namespace LlmTelemetry.Queries
{
    /// <summary>What cost and usage rows can be grouped by. Time keys use the query's time zone.</summary>
    public enum GroupKey
    {
        Day,
        Week,
        Month,
        Hour,
        Model,
        Provider,
        Agent,
        Operation,
        Project,
        Session,
        User,
        Host,
    }
}
