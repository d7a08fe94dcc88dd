namespace Karma.Activities.Git;

/// <summary>Base of every config-repo failure. Messages never contain credentials (URLs are scrubbed).</summary>
public class ConfigRepoException : Exception
{
    public ConfigRepoException(string message)
        : base(message)
    {
    }

    public ConfigRepoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A local repository path that does not exist.</summary>
public sealed class GitRepositoryNotFoundException(string path)
    : ConfigRepoException($"Config repository '{path}' does not exist. Set Karma:Repo:Url to a local path or a git URL.")
{
    public string RepositoryPath { get; } = path;
}

/// <summary>A folder that exists but is not a git repository (working tree or bare).</summary>
public sealed class NotAGitRepositoryException(string path)
    : ConfigRepoException($"'{path}' is not a git repository (neither a working tree nor a bare repository).")
{
    public string RepositoryPath { get; } = path;
}

/// <summary>A branch, tag or commit that the repository does not have.</summary>
public sealed class GitRefNotFoundException(string reference, string repository)
    : ConfigRepoException($"Ref '{reference}' was not found in {repository}: no branch, tag or commit has that name.")
{
    public string Reference { get; } = reference;
}

/// <summary>No <c>iac/&lt;env&gt;</c> folder at the commit read.</summary>
public sealed class ConfigEnvironmentNotFoundException(string environment, string repository, string commit, IReadOnlyList<string> available)
    : ConfigRepoException(
        $"Environment '{environment}' has no folder 'iac/{environment}' in {repository} at {commit[..Math.Min(12, commit.Length)]}. " +
        (available.Count == 0 ? "The commit has no 'iac/' folder at all." : $"Environments present: {string.Join(", ", available)}."))
{
    public string Environment { get; } = environment;

    public IReadOnlyList<string> Available { get; } = available;
}

/// <summary>Config files that break the layout: both layouts for one component, bad names, unreadable text.</summary>
public sealed class ConfigLayoutException(string message) : ConfigRepoException(message);

/// <summary>Clone, fetch or push failed (network, authentication, rejected update).</summary>
public sealed class GitRemoteException : ConfigRepoException
{
    public GitRemoteException(string message)
        : base(message)
    {
    }

    public GitRemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
