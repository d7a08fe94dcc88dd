namespace Karma.Activities.Terraform;

/// <summary>A workspace after its module was copied and its variables file written.</summary>
/// <param name="PassedVariables">Variables written to <c>karma.auto.tfvars.json</c> (the module declares them).</param>
/// <param name="IgnoredVariables">Variables Karma offered that the module does not declare, so they were left out.</param>
public sealed record PreparedWorkspace(
    TerraformWorkspace Workspace,
    IReadOnlyList<string> PassedVariables,
    IReadOnlyList<string> IgnoredVariables);
