using Karma.Activities.Lifecycle;
using Temporalio.Workflows;

namespace Karma.Workflows;

public sealed partial class ChangeWorkflow
{
    // Changes that ended unapplied before this existed kept their published config: their histories replay unchanged.
    private const string RestoreUnappliedConfigPatch = "karma-restore-unapplied-config";

    /// <summary>
    /// A change whose config was published but never applied (its approved plan went stale, then it was rejected, expired
    /// or given up) puts the config that was live before back: the config parameter holds what is deployed, and a module
    /// that reads its config from Parameter Store would otherwise plan its next run with a config nobody applied.
    /// </summary>
    private async Task RestoreUnappliedConfigAsync()
    {
        if (_previousConfigVersion is not { } previous || !Workflow.Patched(RestoreUnappliedConfigPatch))
        {
            return;
        }

        var request = _request;
        var restored = await Workflow.ExecuteActivityAsync(
            (ConfigActivities a) => a.RestoreConfigAsync(new RestoreConfigInput(request.Environment, request.Component, previous)),
            LifecycleActivityOptions.Quick(_options, $"restore config v{previous} of {request.Component}", Detached));
        Note($"the config was published but not applied; config v{previous} is back (v{restored.Version})");
    }
}
