using Karma.Core.Model;

namespace Karma.Activities.Lifecycle;

/// <summary>Writes an approved config back to the Git config repo and pushes it; returns the commit id.</summary>
public interface IConfigCommitter
{
    /// <summary>Must be idempotent: committing a file that already has this content returns the existing head.</summary>
    Task<string> CommitAsync(string environment, ComponentId component, string configJson, string author, string message, CancellationToken cancellationToken);
}
