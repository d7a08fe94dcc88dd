namespace Karma.Testing;

/// <summary>
/// The machine's provider filesystem mirror (hashicorp/aws preinstalled; no registry access needed).
/// KARMA_TF_PLUGIN_MIRROR overrides the default /opt/tf-plugins.
/// </summary>
public sealed class PluginMirror(string path)
{
    public string Path { get; } = path;

    public static PluginMirror Require()
    {
        var path = Environment.GetEnvironmentVariable("KARMA_TF_PLUGIN_MIRROR") is { Length: > 0 } configured ? configured : "/opt/tf-plugins";
        if (!Directory.Exists(System.IO.Path.Combine(path, "registry.terraform.io", "hashicorp", "aws")))
        {
            RequiredTool.Unavailable($"no hashicorp/aws provider in the filesystem mirror '{path}' (set KARMA_TF_PLUGIN_MIRROR); it is needed to run AWS modules offline.");
        }

        return new PluginMirror(path);
    }

    /// <summary>Writes a CLI config that installs hashicorp providers only from the mirror; returns its path.</summary>
    public string WriteCliConfig(string directory)
    {
        Directory.CreateDirectory(directory);
        var file = System.IO.Path.Combine(directory, "terraform.tfrc");
        File.WriteAllText(file, $$"""
            provider_installation {
              filesystem_mirror {
                path    = "{{Path}}"
                include = ["registry.terraform.io/hashicorp/*"]
              }
              direct {
                exclude = ["registry.terraform.io/hashicorp/*"]
              }
            }
            """);
        return file;
    }
}
