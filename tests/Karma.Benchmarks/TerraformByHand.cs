using System.Diagnostics;

namespace Karma.Benchmarks;

/// <summary>
/// Terraform run by hand in one persistent working folder (its state carries over, like a component's workspace):
/// plain processes, nothing parsed, hashed or recorded. The baselines of <see cref="LifecycleOverheadBench"/>.
/// </summary>
internal sealed class TerraformByHand
{
    private readonly string _source;
    private readonly string _dataDirectory;
    private readonly string _planFile;

    public TerraformByHand(string moduleDirectory, string workDirectory)
    {
        _source = Path.Combine(workDirectory, "src");
        _dataDirectory = Path.Combine(workDirectory, ".terraform");
        _planFile = Path.Combine(workDirectory, "by-hand.tfplan");
        Directory.CreateDirectory(_source);
        foreach (var file in Directory.EnumerateFiles(moduleDirectory, "*.tf"))
        {
            File.Copy(file, Path.Combine(_source, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>Runs <paramref name="commands"/> (init, plan, show, apply, output) with <paramref name="variablesJson"/>; returns seconds.</summary>
    public async Task<double> RunAsync(string variablesJson, IEnumerable<string> commands)
    {
        var clock = Stopwatch.StartNew();
        await File.WriteAllTextAsync(Path.Combine(_source, "karma.auto.tfvars.json"), variablesJson);
        foreach (var command in commands)
        {
            await TerraformAsync(command switch
            {
                "init" => ["init", "-no-color", "-input=false"],
                "plan" => ["plan", "-no-color", "-input=false", "-detailed-exitcode", $"-out={_planFile}"],
                "show" => ["show", "-json", "-no-color", _planFile],
                "apply" => ["apply", "-no-color", "-input=false", _planFile],
                "output" => ["output", "-json", "-no-color"],
                _ => throw new ArgumentException($"no by-hand form of terraform {command}", nameof(commands)),
            });
        }

        return clock.Elapsed.TotalSeconds;
    }

    private Task TerraformAsync(string[] arguments) => TerraformManualRun.TerraformAsync(_source, _dataDirectory, arguments);
}
