namespace Karma.Workflows;

/// <summary>Task queues Karma's workers poll; owned here so the worker, the CLI and tests agree.</summary>
public static class TaskQueues
{
    public const string Lifecycle = "karma-lifecycle";
}
