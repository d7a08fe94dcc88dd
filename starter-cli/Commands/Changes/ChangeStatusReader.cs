using Karma.Cli.Local;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Karma.Cli.Commands.Changes;

/// <summary>A change as read at one moment: its status, and the output line of the Terraform step running now (if any).</summary>
internal sealed record ChangeSnapshot(ChangeStatus Status, string? TerraformLine);

/// <summary>
/// Reads a change the cheapest honest way: one DescribeWorkflowExecution, which the server answers alone — the status the
/// change workflow publishes in its memo, and the last heartbeat of its running Terraform activity. Only when there is no
/// memo (a change still queued, or started by a Karma without it) does it ask the status query, which needs a worker.
/// </summary>
internal static class ChangeStatusReader
{
    public static Task<ChangeSnapshot> ReadAsync(LifecycleConnection connection, string environment, ComponentId component, string changeId, CancellationToken cancellationToken) =>
        ReadAsync(connection.Client, environment, component, changeId, cancellationToken);

    public static async Task<ChangeSnapshot> ReadAsync(
        KarmaWorkflowClient client, string environment, ComponentId component, string changeId, CancellationToken cancellationToken)
    {
        var temporal = client.Temporal;
        var workflowId = ChangeIds.ChangeWorkflowId(environment, component, changeId);
        var description = await TryDescribeAsync(temporal, workflowId, cancellationToken);
        var status = description is null ? null : await ChangeStatusMemo.ReadAsync(description.WorkflowExecutionInfo?.Memo, temporal.Options.DataConverter);
        if (status is null)
        {
            status = await client.GetStatusAsync(environment, component, changeId);
        }

        return new ChangeSnapshot(status, description is null ? null : await TerraformLineAsync(temporal, description));
    }

    private static async Task<DescribeWorkflowExecutionResponse?> TryDescribeAsync(ITemporalClient temporal, string workflowId, CancellationToken cancellationToken)
    {
        try
        {
            return await temporal.WorkflowService.DescribeWorkflowExecutionAsync(
                new DescribeWorkflowExecutionRequest { Namespace = temporal.Options.Namespace, Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = workflowId } },
                new RpcOptions { CancellationToken = cancellationToken });
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // Still waiting in its component's queue: no change workflow yet.
            return null;
        }
    }

    /// <summary>The latest line a running Terraform activity reported in its heartbeat (null between Terraform steps).</summary>
    private static async Task<string?> TerraformLineAsync(ITemporalClient temporal, DescribeWorkflowExecutionResponse description)
    {
        foreach (var activity in description.PendingActivities)
        {
            if (activity.HeartbeatDetails is { Payloads_: [var first, ..] })
            {
                return await temporal.Options.DataConverter.ToValueAsync<string>(first);
            }
        }

        return null;
    }
}
