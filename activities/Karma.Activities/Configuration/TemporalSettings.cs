namespace Karma.Activities.Configuration;

/// <summary>The Temporal service the worker and CLI talk to (<c>Karma:Temporal</c>).</summary>
public sealed class TemporalSettings
{
    /// <summary><c>host:port</c> of the frontend (TEMPORAL_ADDRESS is honoured by the Temporal client itself).</summary>
    public string Address { get; set; } = "localhost:7233";

    public string Namespace { get; set; } = "default";

    public string TaskQueue { get; set; } = "karma";
}
