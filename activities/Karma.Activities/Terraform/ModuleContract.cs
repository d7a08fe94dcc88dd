using System.Text.Json.Serialization;

namespace Karma.Activities.Terraform;

/// <summary>How a component module gets its config and gives back its runtime (docs/modules.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModuleContract>))]
public enum ModuleContract
{
    /// <summary>Karma's own shape: <c>var.config</c> and <c>var.upstream</c> in, outputs out (Karma publishes <c>…/runtime</c>).</summary>
    Variables,

    /// <summary>
    /// The Adage shape: the module reads <c>&lt;prefix&gt;/&lt;type&gt;/&lt;nickname&gt;/config</c> and upstream runtimes from
    /// Parameter Store itself and writes its own <c>…/runtime</c>; Karma only takes care of what the config parameter holds.
    /// </summary>
    ParameterStore,
}

/// <summary>Decides a module's contract: a per-type setting wins, else whether the module declares a <c>config</c> variable.</summary>
public static class ModuleContracts
{
    public const string VariablesName = "variables";
    public const string ParameterStoreName = "parameter-store";

    public static ModuleContract Detect(string moduleDirectory) =>
        ModuleVariableScanner.DeclaredVariables(moduleDirectory).Contains("config") ? ModuleContract.Variables : ModuleContract.ParameterStore;

    /// <summary>Parses a <c>Karma:Terraform:Contracts:&lt;type&gt;</c> value; null when it is neither name.</summary>
    public static ModuleContract? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        VariablesName => ModuleContract.Variables,
        ParameterStoreName => ModuleContract.ParameterStore,
        _ => null,
    };
}
