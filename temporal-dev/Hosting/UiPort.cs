namespace Karma.TemporalDev.Hosting;

/// <summary>Which port an embedded server's Web UI gets when none was asked for.</summary>
public static class UiPort
{
    /// <summary>The Web UI's port beside gRPC's 7233, as <c>temporal server start-dev</c> has it.</summary>
    public const int Default = 8233;
}
