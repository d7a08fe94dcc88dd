using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Workflows;
using Temporalio.Client;

namespace Karma.Cli.Commands.Changes;

/// <summary>Finds changes by id for the CLI; the locating itself is <see cref="KarmaWorkflowClient"/>'s (shared with the HTTP API).</summary>
internal static class ChangeLocator
{
    public static async Task<ChangeAddress> FindAsync(KarmaWorkflowClient client, string changeId, CancellationToken cancellationToken) =>
        await client.LocateChangeAsync(changeId, cancellationToken: cancellationToken)
        ?? throw CliException.Usage($"no change '{changeId}' is known to Temporal; 'karma changes' lists them.");

    /// <summary>
    /// The same, cheapest first: change workflows are found from visibility alone; only a change still waiting in its
    /// component's queue needs the queue's query (answered by a worker).
    /// </summary>
    public static async Task<ChangeAddress> FindAsync(LifecycleConnection connection, string changeId, CancellationToken cancellationToken)
    {
        await foreach (var (address, _) in ListAsync(connection.Client).WithCancellation(cancellationToken))
        {
            if (address.ChangeId == changeId)
            {
                return address;
            }
        }

        return await FindAsync(connection.Client, changeId, cancellationToken);
    }

    /// <summary>All change workflows, or those of <paramref name="environment"/>, newest first (as the server lists them).</summary>
    public static IAsyncEnumerable<(ChangeAddress Address, WorkflowExecution Execution)> ListAsync(KarmaWorkflowClient client, string? environment = null) =>
        client.ListChangeWorkflowsAsync(environment);
}
