namespace Karma.Activities.Terraform;

/// <summary>
/// Where state lives. <c>local</c> (the default) keeps it in the instance's workspace (or <see cref="TerraformOptions.StateRoot"/>);
/// any other type (e.g. <c>s3</c>) is configured at init with <c>-backend-config</c>: every <see cref="Config"/> entry, plus
/// <c>key</c> from <see cref="KeyTemplate"/> so each instance has its own state, where Adage keeps it.
/// </summary>
public sealed record TerraformBackend
{
    public const string Local = "local";

    /// <summary>Adage's layout: the Terragrunt root of usekarma/aws-iac keys state by component path.</summary>
    public const string DefaultKeyTemplate = "{type}/{nickname}/terraform.tfstate";

    public string Type { get; init; } = Local;

    public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();

    /// <summary>The state key of an instance; <c>{env}</c>, <c>{type}</c> and <c>{nickname}</c> are replaced.</summary>
    public string KeyTemplate { get; init; } = DefaultKeyTemplate;

    public bool IsLocal => string.Equals(Type, Local, StringComparison.OrdinalIgnoreCase);

    public string KeyFor(string environment, Karma.Core.Model.ComponentId component) => KeyTemplate
        .Replace("{env}", environment, StringComparison.Ordinal)
        .Replace("{type}", component.Type, StringComparison.Ordinal)
        .Replace("{nickname}", component.Nickname, StringComparison.Ordinal);

    /// <summary>The <c>-backend-config</c> arguments of one instance (none for the local backend).</summary>
    public IReadOnlyList<string> InitArguments(string environment, Karma.Core.Model.ComponentId component) => IsLocal
        ? []
        : [.. Config.Where(p => p.Key != "key").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"-backend-config={p.Key}={p.Value}"),
            $"-backend-config=key={KeyFor(environment, component)}"];
}
