using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Core.Model;
using Karma.Workflows;
using Temporalio.Client;

namespace Karma.Cli.Commands.Changes;

/// <summary>Where a change lives: its environment and component, found from the change id alone.</summary>
internal sealed record ChangeAddress(string Environment, ComponentId Component, string ChangeId);

/// <summary>
/// Finds a change by id. Change workflows are named <c>karma/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/&lt;change-id&gt;</c>,
/// so the id alone is enough once the workflow exists; a change still waiting in its component's queue is found
/// through the open queue workflows.
/// </summary>
internal static class ChangeLocator
{
    public static async Task<ChangeAddress> FindAsync(KarmaWorkflowClient client, string changeId, CancellationToken cancellationToken)
    {
        await foreach (var execution in client.Temporal.ListWorkflowsAsync("WorkflowType = 'ChangeWorkflow'").WithCancellation(cancellationToken))
        {
            if (Parse(execution.Id) is { } address && address.ChangeId == changeId)
            {
                return address;
            }
        }

        await foreach (var queue in client.Temporal.ListWorkflowsAsync("WorkflowType = 'ComponentWorkflow' AND ExecutionStatus = 'Running'").WithCancellation(cancellationToken))
        {
            if (ParseQueue(queue.Id) is not { } owner)
            {
                continue;
            }

            var view = await client.ListChangesAsync(owner.Environment, owner.Component);
            if (view.Queued.Any(q => q.ChangeId == changeId))
            {
                return owner with { ChangeId = changeId };
            }
        }

        throw CliException.Usage($"no change '{changeId}' is known to Temporal; 'karma changes' lists them.");
    }

    /// <summary>
    /// The same, for a command that may have no worker yet: change workflows are found from visibility alone; only a change
    /// still waiting in its component's queue needs the queue's query, and so (in local mode) a worker.
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

        connection.EnsureWorker();
        return await FindAsync(connection.Client, changeId, cancellationToken);
    }

    /// <summary>All change workflows, newest first (as the server lists them).</summary>
    public static async IAsyncEnumerable<(ChangeAddress Address, WorkflowExecution Execution)> ListAsync(KarmaWorkflowClient client)
    {
        await foreach (var execution in client.Temporal.ListWorkflowsAsync("WorkflowType = 'ChangeWorkflow'"))
        {
            if (Parse(execution.Id) is { } address)
            {
                yield return (address, execution);
            }
        }
    }

    private static ChangeAddress? Parse(string workflowId)
    {
        var parts = workflowId.Split('/');
        return parts is ["karma", var env, var type, var nickname, var change] && ComponentId.IsValidSegment(type) && ComponentId.IsValidSegment(nickname)
            ? new ChangeAddress(env, new ComponentId(type, nickname), change)
            : null;
    }

    private static ChangeAddress? ParseQueue(string workflowId)
    {
        var parts = workflowId.Split('/');
        return parts is ["karma", var env, var type, var nickname] && ComponentId.IsValidSegment(type) && ComponentId.IsValidSegment(nickname)
            ? new ChangeAddress(env, new ComponentId(type, nickname), string.Empty)
            : null;
    }
}
