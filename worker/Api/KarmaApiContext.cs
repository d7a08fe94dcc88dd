using Karma.Activities.Configuration;
using Karma.Workflows;

namespace Karma.Worker.Api;

/// <summary>What the handlers need from configuration, resolved once.</summary>
public sealed class KarmaApiContext(KarmaApiSettings settings, string? environment, string auditLogPath)
{
    public KarmaApiSettings Settings { get; } = settings;

    /// <summary>The environment served when a request names none (<c>Karma:Environment</c>); may be unset.</summary>
    public string? DefaultEnvironment { get; } = environment;

    public string AuditLogPath { get; } = auditLogPath;

    /// <summary>Options for changes proposed through the API.</summary>
    public ChangeOptions ChangeOptions { get; init; } = new();

    public static KarmaApiContext From(KarmaConfiguration configuration) =>
        new(KarmaApiSettings.From(configuration), configuration.Options.Environment, configuration.Options.ToLifecycleOptions().ResolveAuditLogPath())
        {
            ChangeOptions = ChangeOptions.From(configuration.Options.Changes),
        };

    /// <summary>The environment a request is about: <c>?environment=</c> or the configured one.</summary>
    public string EnvironmentFor(string? requested)
    {
        if (!string.IsNullOrEmpty(requested))
        {
            return Karma.Core.Model.NameRules.SegmentProblem(requested) is { } problem
                ? throw ApiProblemException.BadField("environment", $"{ApiEcho.Quote(requested)} is not an environment name: it {problem}.")
                : requested;
        }

        return DefaultEnvironment
            ?? throw ApiProblemException.BadField("environment", "no environment given and none configured (Karma:Environment).");
    }
}
