using Google.Protobuf.Collections;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Protocol.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>Checks a workflow task's commands before any of them is applied, so a bad one changes nothing.</summary>
internal static class CommandValidation
{
    public static bool ClosesWorkflow(Command c) => c.CommandType is CommandType.CompleteWorkflowExecution
        or CommandType.FailWorkflowExecution or CommandType.CancelWorkflowExecution or CommandType.ContinueAsNewWorkflowExecution;

    public static (WorkflowTaskFailedCause Cause, string Message)? Check(RepeatedField<Command> commands, RepeatedField<Message> messages)
    {
        var closeIndex = -1;
        for (var i = 0; i < commands.Count; i++)
        {
            var c = commands[i];
            var problem = CheckOne(c, messages);
            if (problem is not null)
            {
                return problem;
            }

            if (ClosesWorkflow(c))
            {
                if (closeIndex >= 0)
                {
                    return (WorkflowTaskFailedCause.UnhandledCommand, "A workflow task may close the workflow only once.");
                }

                closeIndex = i;
            }
        }

        return null;
    }

    private static (WorkflowTaskFailedCause, string)? CheckOne(Command c, RepeatedField<Message> messages) => c.CommandType switch
    {
        CommandType.ScheduleActivityTask => c.ScheduleActivityTaskCommandAttributes is { } a
            ? Activities.Validate(a) is { } why ? (WorkflowTaskFailedCause.BadScheduleActivityAttributes, why) : null
            : (WorkflowTaskFailedCause.BadScheduleActivityAttributes, "ScheduleActivityTask without attributes."),
        CommandType.StartTimer => c.StartTimerCommandAttributes is { TimerId.Length: > 0 } t && Clock.IsSet(t.StartToFireTimeout)
            ? null
            : (WorkflowTaskFailedCause.BadStartTimerAttributes, "StartTimer needs a timer id and a positive StartToFireTimeout."),
        CommandType.CancelTimer => c.CancelTimerCommandAttributes is null ? (WorkflowTaskFailedCause.BadCancelTimerAttributes, "CancelTimer without attributes.") : null,
        CommandType.RequestCancelActivityTask => c.RequestCancelActivityTaskCommandAttributes is null
            ? (WorkflowTaskFailedCause.BadRequestCancelActivityAttributes, "RequestCancelActivityTask without attributes.") : null,
        CommandType.StartChildWorkflowExecution => c.StartChildWorkflowExecutionCommandAttributes is { WorkflowId.Length: > 0, WorkflowType.Name.Length: > 0 }
            ? null
            : (WorkflowTaskFailedCause.BadStartChildExecutionAttributes, "StartChildWorkflowExecution needs a workflow id and type."),
        CommandType.SignalExternalWorkflowExecution => c.SignalExternalWorkflowExecutionCommandAttributes is { Execution.WorkflowId.Length: > 0 }
            ? null
            : (WorkflowTaskFailedCause.BadSignalWorkflowExecutionAttributes, "SignalExternalWorkflowExecution needs a target workflow id."),
        CommandType.RequestCancelExternalWorkflowExecution => c.RequestCancelExternalWorkflowExecutionCommandAttributes is { WorkflowId.Length: > 0 }
            ? null
            : (WorkflowTaskFailedCause.BadRequestCancelExternalWorkflowExecutionAttributes, "RequestCancelExternalWorkflowExecution needs a target workflow id."),
        CommandType.ProtocolMessage => messages.Any(m => m.Id == c.ProtocolMessageCommandAttributes?.MessageId)
            ? null
            : (WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, "ProtocolMessage command refers to a message that was not sent."),
        CommandType.CompleteWorkflowExecution or CommandType.FailWorkflowExecution or CommandType.CancelWorkflowExecution
            or CommandType.RecordMarker or CommandType.UpsertWorkflowSearchAttributes or CommandType.ModifyWorkflowProperties => null,
        CommandType.ContinueAsNewWorkflowExecution => c.ContinueAsNewWorkflowExecutionCommandAttributes is null
            ? (WorkflowTaskFailedCause.BadContinueAsNewAttributes, "ContinueAsNew without attributes.") : null,
        _ => (WorkflowTaskFailedCause.UnhandledCommand, $"Command {c.CommandType} is not supported by karma-temporal-dev."),
    };
}
