using System.Reflection;
using System.Text.RegularExpressions;
using Karma.Activities.Configuration;

namespace Karma.Activities.Tests.Configuration;

/// <summary>docs/configuration.md must document every key of <see cref="KarmaOptions"/>.</summary>
public sealed class ConfigurationDocsTests
{
    [Fact]
    public void Every_key_is_documented()
    {
        var docs = File.ReadAllText(FindDocs());
        var keys = LeafKeys(typeof(KarmaOptions), "Karma")
            // The lifecycle's own section is documented in a compact table of its own.
            .Where(key => !key.StartsWith("Karma:Lifecycle:", StringComparison.Ordinal))
            .ToList();
        var missing = keys
            .Where(key => !Regex.IsMatch(docs, "`" + Regex.Escape(key).Replace("<any>", "<[^>]+>", StringComparison.Ordinal) + "`"))
            .ToList();

        Assert.Empty(missing);
        Assert.Contains("Karma:Graph:Neptune:Password", keys);
        Assert.Contains("Karma:Approvals:Policies:<any>:RequiredApprovals", keys);
    }

    private static IEnumerable<string> LeafKeys(Type type, string path)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var key = $"{path}:{property.Name}";
            var propertyType = property.PropertyType;
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                var valueType = propertyType.GetGenericArguments()[1];
                foreach (var leaf in valueType == typeof(string) ? [$"{key}:<any>"] : LeafKeys(valueType, $"{key}:<any>"))
                {
                    yield return leaf;
                }
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(List<>))
            {
                yield return $"{key}:<any>";
            }
            else if (propertyType.IsClass && propertyType != typeof(string))
            {
                foreach (var leaf in LeafKeys(propertyType, key))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    private static string FindDocs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "configuration.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/configuration.md was not found above the test output folder.");
    }
}
