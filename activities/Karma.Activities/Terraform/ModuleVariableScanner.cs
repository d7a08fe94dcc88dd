using System.Text.Json;
using System.Text.RegularExpressions;

namespace Karma.Activities.Terraform;

/// <summary>
/// Finds the input variables a root module declares, so Karma writes only those to its tfvars file:
/// terraform merely warns about undeclared values there, but the warnings would bury real ones, and a
/// module that does not take <c>config</c> (it reads SSM instead, as Adage modules do) should not be sent it.
/// </summary>
public static partial class ModuleVariableScanner
{
    public static IReadOnlySet<string> DeclaredVariables(string moduleDirectory)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(moduleDirectory, "*.tf"))
        {
            foreach (Match match in VariableBlock().Matches(File.ReadAllText(file)))
            {
                names.Add(match.Groups["name"].Value);
            }
        }

        foreach (var file in Directory.EnumerateFiles(moduleDirectory, "*.tf.json"))
        {
            AddJsonVariables(file, names);
        }

        return names;
    }

    private static void AddJsonVariables(string file, SortedSet<string> names)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("variable", out var variables))
            {
                return;
            }

            // JSON syntax allows either one object of blocks or an array of such objects.
            var blocks = variables.ValueKind == JsonValueKind.Array ? variables.EnumerateArray().ToArray() : [variables];
            foreach (var block in blocks.Where(block => block.ValueKind == JsonValueKind.Object))
            {
                foreach (var property in block.EnumerateObject())
                {
                    names.Add(property.Name);
                }
            }
        }
        catch (JsonException ex)
        {
            throw new TerraformInputException($"Module file '{file}' is not valid JSON: {ex.Message}", ex);
        }
    }

    // A variable block starts a line (HCL forbids anything but whitespace before a block type).
    [GeneratedRegex(@"^\s*variable\s+""(?<name>[A-Za-z_][A-Za-z0-9_-]*)""\s*\{", RegexOptions.Multiline)]
    private static partial Regex VariableBlock();
}
