using Karma.Core.Model;

namespace Karma.Activities.Terraform;

/// <summary>Everything needed to lay out one instance's working directory.</summary>
/// <param name="ConfigJson">The component's config object (as published to <c>…/config</c>).</param>
/// <param name="UpstreamRuntimeJson">
/// Runtime JSON of each provider the component depends on, keyed by provider id <c>&lt;type&gt;/&lt;nickname&gt;</c>.
/// </param>
public sealed record ComponentTerraformInput(
    string Environment,
    ComponentId Component,
    string ConfigJson,
    IReadOnlyDictionary<string, string> UpstreamRuntimeJson)
{
    public string IacPrefix { get; init; } = "/iac";

    public string Region { get; init; } = "us-east-1";

    /// <summary>More module variables, name → JSON value; written to the tfvars file when the module declares them.</summary>
    public IReadOnlyDictionary<string, string> ExtraVariablesJson { get; init; } = new Dictionary<string, string>();
}
