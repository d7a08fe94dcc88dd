using System.Diagnostics.CodeAnalysis;
using Temporalio.Workflows;

namespace Karma.TemporalDev.Tests.Workflows;

/// <summary>Starts a waiting child with the given parent-close policy, then waits itself until closed from outside.</summary>
[Workflow]
public class ClosePolicyParentWorkflow
{
    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public async Task RunAsync(ParentClosePolicy policy)
    {
        await Workflow.StartChildWorkflowAsync(
            (ChildWorkflow c) => c.RunAsync("wait"),
            new ChildWorkflowOptions { Id = Workflow.Info.WorkflowId + "-child", ParentClosePolicy = policy });
        await Workflow.DelayAsync(TimeSpan.FromMinutes(10));
    }
}
