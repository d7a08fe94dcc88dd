namespace Karma.TemporalDev.Selection;

/// <summary>Where the chosen Temporal frontend came from.</summary>
public enum TemporalEndpointKind
{
    /// <summary>TEMPORAL_ADDRESS pointed at an existing server; nothing was started.</summary>
    Environment,

    /// <summary>`temporal server start-dev` was started from the temporal CLI on PATH.</summary>
    TemporalCli,

    /// <summary>karma-temporal-dev was started in this process.</summary>
    Embedded,
}

/// <summary>A Temporal frontend to connect to; disposing stops whatever the selector started for it.</summary>
public sealed class TemporalEndpoint : IAsyncDisposable
{
    private readonly Func<ValueTask> stop;

    internal TemporalEndpoint(TemporalEndpointKind kind, string address, string description, Func<ValueTask> stop, Uri? ui = null)
    {
        Ui = ui;
        Kind = kind;
        Address = address;
        Description = description;
        this.stop = stop;
    }

    public TemporalEndpointKind Kind { get; }

    /// <summary>host:port for <c>TemporalClient.ConnectAsync</c>.</summary>
    public string Address { get; }

    /// <summary>The Temporal Web UI of a server started here, when it serves one (the embedded server with its UI built).</summary>
    public Uri? Ui { get; }

    /// <summary>One line for logs: what was chosen and why.</summary>
    public string Description { get; }

    public ValueTask DisposeAsync() => stop();
}
