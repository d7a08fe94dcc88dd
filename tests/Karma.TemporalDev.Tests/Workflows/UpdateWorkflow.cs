using Temporalio.Workflows;

namespace Karma.TemporalDev.Tests.Workflows;

/// <summary>Updates (with a validator that rejects empty values), signals and a query over the same state.</summary>
[Workflow]
public class UpdateWorkflow
{
    private bool done;

    [WorkflowQuery]
    public string Value { get; private set; } = "initial";

    [WorkflowSignal]
    public Task SetAsync(string value)
    {
        Value = value;
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        done = true;
        return Task.CompletedTask;
    }

    [WorkflowUpdate]
    public async Task<string> ChangeAsync(string value)
    {
        var old = Value;
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(50));
        Value = value;
        return old;
    }

    [WorkflowUpdateValidator(nameof(ChangeAsync))]
    public void ValidateChange(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException("value must not be empty");
        }
    }

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => done);
        return Value;
    }
}
