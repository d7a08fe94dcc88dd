using Karma.Activities.Terraform;
using Karma.Core.Model;
using Karma.Testing;

namespace Karma.Activities.Tests.Terraform;

/// <summary>
/// A private work root per test (so tests run in parallel without sharing state) and a runner over it.
/// Skips (locally) or fails (CI) when terraform is not installed.
/// </summary>
internal sealed class TerraformFixture : IDisposable
{
    public const string Environment = "test";

    private readonly TempDirectory _temp = new("karma-tf");

    /// <param name="modulesRoot">Where components/&lt;type&gt;/ modules are; the offline examples by default.</param>
    /// <param name="testModule">A module to write into a private modules root instead (type, main.tf text).</param>
    public TerraformFixture(
        string? modulesRoot = null,
        (string Type, string MainTf)? testModule = null,
        Func<TerraformOptions, TerraformOptions>? configure = null)
    {
        RequiredTool.Require("terraform", "to run Terraform modules");
        if (testModule is { } module)
        {
            modulesRoot = TestModules.Write(_temp.Combine("modules"), module.Type, module.MainTf);
        }

        var options = new TerraformOptions
        {
            WorkRoot = _temp.Combine("work"),
            ModulesRoot = modulesRoot ?? ExampleModules.OfflineRoot,
        };
        Options = configure?.Invoke(options) ?? options;
        Runner = new TerraformRunner(Options);
    }

    public TerraformOptions Options { get; }

    public TerraformRunner Runner { get; }

    public List<TerraformOutputLine> Lines { get; } = [];

    public string TempPath(params string[] parts) => _temp.Combine(parts);

    public void Record(TerraformOutputLine line)
    {
        lock (Lines)
        {
            Lines.Add(line);
        }
    }

    public string AllText()
    {
        lock (Lines)
        {
            return string.Join('\n', Lines.Select(line => line.Text));
        }
    }

    /// <summary>Prepares and initializes <paramref name="component"/> with <paramref name="configJson"/>.</summary>
    public async Task<TerraformWorkspace> PrepareAndInitAsync(
        string component,
        string configJson,
        IReadOnlyDictionary<string, string>? upstream = null,
        IReadOnlyDictionary<string, string>? extraVariables = null)
    {
        var prepared = Runner.Prepare(Input(component, configJson, upstream, extraVariables));
        await Runner.InitAsync(prepared.Workspace, Record, TestContext.Current.CancellationToken);
        return prepared.Workspace;
    }

    public static ComponentTerraformInput Input(
        string component,
        string configJson,
        IReadOnlyDictionary<string, string>? upstream = null,
        IReadOnlyDictionary<string, string>? extraVariables = null) =>
        new(Environment, ComponentId.Parse(component), configJson, upstream ?? new Dictionary<string, string>())
        {
            ExtraVariablesJson = extraVariables ?? new Dictionary<string, string>(),
        };

    /// <summary>Plans and applies in one go (what a test does to reach a starting state).</summary>
    public async Task<TerraformOutputs> PlanApplyAsync(TerraformWorkspace workspace)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var plan = await Runner.PlanAsync(workspace, null, Record, cancellationToken);
        await Runner.ApplyAsync(workspace, plan.Plan, Record, cancellationToken);
        return await Runner.ReadOutputsAsync(workspace, Record, cancellationToken);
    }

    public void Dispose() => _temp.Dispose();
}
