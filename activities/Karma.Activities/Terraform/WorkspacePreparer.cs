using System.Text.Json;
using System.Text.Json.Nodes;

namespace Karma.Activities.Terraform;

/// <summary>
/// Lays out an instance's working directory: a fresh copy of the component module as the root module,
/// Karma's variables file, and a backend override pointing at the instance's state file.
/// </summary>
/// <remarks>
/// The module is copied rather than called from a generated wrapper root so that resource addresses stay
/// exactly those of the module run by hand (no <c>module.x.</c> prefix): existing Adage state files keep
/// working, and a module with its own provider/backend blocks needs no changes.
/// </remarks>
internal static class WorkspacePreparer
{
    public const string VariablesFileName = "karma.auto.tfvars.json";

    // An override file replaces whatever backend the module declares (Adage modules use S3) and adds one
    // when it declares none; JSON syntax avoids escaping paths into HCL strings.
    public const string BackendOverrideFileName = "karma_backend_override.tf.json";

    // A module that declares no backend gets one in a plain file (an override may only change an existing block).
    public const string BackendFileName = "karma_backend.tf.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="moduleDirectory">The component's module folder (see <see cref="ModuleLocator"/>).</param>
    public static PreparedWorkspace Prepare(string moduleDirectory, ComponentTerraformInput input, TerraformWorkspace workspace, TerraformBackend? stateBackend = null)
    {
        stateBackend ??= new TerraformBackend();
        var offered = OfferedVariables(input);
        var declared = ModuleVariableScanner.DeclaredVariables(moduleDirectory);

        if (Directory.Exists(workspace.SourceDirectory))
        {
            Directory.Delete(workspace.SourceDirectory, recursive: true);
        }

        CopyModule(moduleDirectory, workspace.SourceDirectory);
        Directory.CreateDirectory(workspace.DataDirectory);
        Directory.CreateDirectory(workspace.PlansDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(workspace.StatePath)!);

        var variables = new JsonObject();
        foreach (var (name, value) in offered.Where(pair => declared.Contains(pair.Key)))
        {
            variables[name] = value;
        }

        File.WriteAllText(Path.Combine(workspace.SourceDirectory, VariablesFileName), variables.ToJsonString(Indented));
        WriteBackend(workspace, stateBackend, ModuleBackendScanner.DeclaredBackend(moduleDirectory));

        return new PreparedWorkspace(
            workspace,
            offered.Keys.Where(declared.Contains).Order(StringComparer.Ordinal).ToArray(),
            offered.Keys.Where(name => !declared.Contains(name)).Order(StringComparer.Ordinal).ToArray());
    }

    // Local state: an override pins it to the instance's state path, whatever backend the module declares. Remote
    // state: the module's own backend block (Adage's empty backend "s3" {}) is kept and configured at init; a module
    // without one gets an empty block of the configured type, in an override only when it would replace another type.
    private static void WriteBackend(TerraformWorkspace workspace, TerraformBackend stateBackend, string? declared)
    {
        var overrideFile = Path.Combine(workspace.SourceDirectory, BackendOverrideFileName);
        JsonObject block;
        if (stateBackend.IsLocal)
        {
            block = new JsonObject { ["local"] = new JsonObject { ["path"] = workspace.StatePath } };
        }
        else if (string.Equals(declared, stateBackend.Type, StringComparison.Ordinal))
        {
            return;
        }
        else
        {
            block = new JsonObject { [stateBackend.Type] = new JsonObject() };
            if (declared is null)
            {
                overrideFile = Path.Combine(workspace.SourceDirectory, BackendFileName);
            }
        }

        var backend = new JsonObject { ["terraform"] = new JsonObject { ["backend"] = block } };
        File.WriteAllText(overrideFile, backend.ToJsonString(Indented));
    }

    private static Dictionary<string, JsonNode?> OfferedVariables(ComponentTerraformInput input)
    {
        var upstream = new JsonObject();
        foreach (var (providerId, runtimeJson) in input.UpstreamRuntimeJson.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            upstream[providerId] = ParseJson(runtimeJson, $"the runtime of upstream '{providerId}' (for {input.Component})");
        }

        var offered = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["component_name"] = input.Component.Type,
            ["nickname"] = input.Component.Nickname,
            ["iac_prefix"] = input.IacPrefix,
            ["region"] = input.Region,
            ["config"] = ParseJson(input.ConfigJson, $"the config of {input.Component}"),
            ["upstream"] = upstream,
        };

        foreach (var (name, json) in input.ExtraVariablesJson)
        {
            offered[name] = ParseJson(json, $"variable '{name}' (for {input.Component})");
        }

        return offered;
    }

    private static JsonNode? ParseJson(string json, string what)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new TerraformInputException($"{char.ToUpperInvariant(what[0])}{what[1..]} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static void CopyModule(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var name = Path.GetFileName(file);
            // Leftovers from running the module by hand must not leak in: their state is not this instance's.
            if (name.EndsWith(".tfstate", StringComparison.Ordinal)
                || name.EndsWith(".tfstate.backup", StringComparison.Ordinal)
                || name.EndsWith(".tfplan", StringComparison.Ordinal))
            {
                continue;
            }

            File.Copy(file, Path.Combine(to, name));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            if (Path.GetFileName(directory) is ".terraform" or ".git")
            {
                continue;
            }

            CopyModule(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
