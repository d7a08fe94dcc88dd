using System.Text.RegularExpressions;

namespace Karma.Activities.Terraform;

/// <summary>Finds the backend type a root module declares in its <c>terraform</c> block (HCL files), if any.</summary>
internal static partial class ModuleBackendScanner
{
    public static string? DeclaredBackend(string moduleDirectory) => Directory.EnumerateFiles(moduleDirectory, "*.tf")
        .Where(file => !Path.GetFileName(file).EndsWith("_override.tf", StringComparison.Ordinal))
        .Select(file => BackendBlock().Match(File.ReadAllText(file)))
        .Where(match => match.Success)
        .Select(match => match.Groups["type"].Value)
        .FirstOrDefault();

    [GeneratedRegex(@"^\s*backend\s+""(?<type>[A-Za-z0-9_]+)""\s*\{", RegexOptions.Multiline)]
    private static partial Regex BackendBlock();
}
