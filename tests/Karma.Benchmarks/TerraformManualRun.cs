using System.Diagnostics;

namespace Karma.Benchmarks;

/// <summary>
/// The baseline for <see cref="TerraformOverheadBench"/>: the same terraform commands the runner issues,
/// started with a plain <see cref="Process"/> and nothing else (no sanitizing, parsing or hashing).
/// </summary>
internal static class TerraformManualRun
{
    public static async Task RunAsync(string moduleDirectory, string variablesJson, string workDirectory, StepTimes steps)
    {
        var source = Path.Combine(workDirectory, "src");
        Directory.CreateDirectory(source);
        foreach (var file in Directory.EnumerateFiles(moduleDirectory))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(source, "karma.auto.tfvars.json"), variablesJson);
        var planFile = Path.Combine(workDirectory, "bench.tfplan");
        await steps.TimeAsync("init", () => TerraformAsync(source, Path.Combine(workDirectory, ".terraform"), "init", "-no-color", "-input=false"));
        await steps.TimeAsync("plan+show", async () =>
        {
            await TerraformAsync(source, Path.Combine(workDirectory, ".terraform"), "plan", "-no-color", "-input=false", "-detailed-exitcode", $"-out={planFile}");
            await TerraformAsync(source, Path.Combine(workDirectory, ".terraform"), "show", "-json", "-no-color", planFile);
        });
        await steps.TimeAsync("apply", () => TerraformAsync(source, Path.Combine(workDirectory, ".terraform"), "apply", "-no-color", "-input=false", planFile));
    }

    /// <summary>One terraform command as a plain process in <paramref name="source"/>; throws on a failing exit code.</summary>
    internal static async Task TerraformAsync(string source, string dataDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("terraform")
        {
            WorkingDirectory = source,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["TF_IN_AUTOMATION"] = "1",
                ["TF_INPUT"] = "0",
                ["CHECKPOINT_DISABLE"] = "1",
                ["TF_DATA_DIR"] = dataDirectory,
            },
        };
        start.Environment.Remove("TF_CLI_CONFIG_FILE");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("terraform did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);

        // plan -detailed-exitcode exits 2 when there are changes.
        if (process.ExitCode is not (0 or 2))
        {
            throw new InvalidOperationException($"terraform {arguments[0]} exited {process.ExitCode}: {stderr.Result}");
        }
    }
}
