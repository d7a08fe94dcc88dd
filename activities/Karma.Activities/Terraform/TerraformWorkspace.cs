using Karma.Core.Model;

namespace Karma.Activities.Terraform;

/// <summary>
/// The folders one component instance is run in. Paths are derived from environment + id only, so any
/// activity (plan in one, apply in another) finds the same workspace again.
/// </summary>
/// <param name="Directory">Instance root: <c>&lt;work-root&gt;/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;</c>.</param>
/// <param name="SourceDirectory">The copied module plus Karma's generated files; terraform runs here.</param>
/// <param name="DataDirectory">TF_DATA_DIR (providers, backend settings); kept across re-preparations.</param>
/// <param name="PlansDirectory">Saved plan files and their redacted JSON.</param>
/// <param name="StatePath">Local-backend state file (key <c>&lt;type&gt;/&lt;nickname&gt;/terraform.tfstate</c>).</param>
public sealed record TerraformWorkspace(
    string Environment,
    ComponentId Component,
    string Directory,
    string SourceDirectory,
    string DataDirectory,
    string PlansDirectory,
    string StatePath);
