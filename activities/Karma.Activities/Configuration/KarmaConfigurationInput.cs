using System.Collections;
using Karma.Activities.Git;

namespace Karma.Activities.Configuration;

/// <summary>Everything configuration is built from besides the built-in defaults and the user file (found via Home).</summary>
public sealed record KarmaConfigurationInput
{
    /// <summary>Process environment (Karma__*, KARMA_HOME, IAC_PREFIX, KARMA_GIT_TOKEN, AWS_*).</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables { get; init; } = new Dictionary<string, string?>();

    /// <summary>Overrides from the command line: <c>Karma:Section:Key</c> (or <c>Section:Key</c>) → value.</summary>
    public IReadOnlyDictionary<string, string?> CommandLine { get; init; } = new Dictionary<string, string?>();

    /// <summary>The config repo's karma.json, once read (a second load after the repo is known).</summary>
    public KarmaRepoFile? RepoFile { get; init; }

    /// <summary>Names the karma.json in messages, e.g. "karma.json at 1a2b3c4d5e6f".</summary>
    public string RepoFileSource { get; init; } = "config repo karma.json";

    /// <summary>The user's home folder, for <c>~/.karma</c> and <c>~</c> in paths; unset means the OS profile folder.</summary>
    public string? UserProfile { get; init; }

    public static KarmaConfigurationInput FromProcess(IReadOnlyDictionary<string, string?>? commandLine = null) => new()
    {
        EnvironmentVariables = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal),
        CommandLine = commandLine ?? new Dictionary<string, string?>(),
    };

    public string ResolveUserProfile() =>
        string.IsNullOrWhiteSpace(UserProfile) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : UserProfile;
}
