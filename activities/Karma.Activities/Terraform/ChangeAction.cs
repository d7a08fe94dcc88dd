namespace Karma.Activities.Terraform;

/// <summary>What a plan does to one resource (terraform's <c>actions</c> list folded into one value).</summary>
public enum ChangeAction
{
    NoOp,
    Create,
    Read,
    Update,
    Delete,

    /// <summary>Destroy and re-create (either order).</summary>
    Replace,

    /// <summary>Removed from state without destroying the real object (a <c>removed</c> block).</summary>
    Forget,
}
