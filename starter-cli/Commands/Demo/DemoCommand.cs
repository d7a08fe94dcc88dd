using System.CommandLine;
using System.Diagnostics;
using Karma.Activities.Configuration;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.TemporalDev.Hosting;
using Karma.Workflows.Hosting;

namespace Karma.Cli.Commands.Demo;

/// <summary>
/// <c>karma demo</c>: the whole product on one machine, offline. Sets up the example system (a local config repo of
/// seven components and offline terraform_data modules) under KARMA_HOME/demo, deploys it through the lifecycle,
/// proposes a change to a component with dependents, shows impact and plan, approves, applies, verifies, rolls the
/// change out to the dependents whose consumed values changed, and prints the graph and the audit trail.
/// Every run starts clean unless --reuse is given.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var reuse = new Option<bool>("--reuse") { Description = "Keep the previous demo's state instead of starting clean." };
        var command = new Command("demo", "Run Karma end to end on the example system (offline, embedded backends).") { reuse };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            RequiredTools.EnsureTerraform();
            using var userSession = KarmaSession.Open(parsed, globals, console);
            var root = Path.Combine(userSession.Options.Home, "demo");
            // A background host left by exploring the last demo (KARMA_HOME=<demo> karma …) would keep the database it is
            // about to replace, or share it with the demo's own server.
            await LocalTemporalServer.StopAsync(root, cancellationToken);
            if (!parsed.GetValue(reuse) && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            var clock = Stopwatch.StartNew();
            var (repo, modules) = Directory.Exists(Path.Combine(root, "config-repo"))
                ? (Path.Combine(root, "config-repo"), Path.Combine(root, "modules"))
                : DemoExamples.Unpack(root);
            WriteUserFile(root, repo, modules);
            var configuration = KarmaConfigurationLoader.Load(new KarmaConfigurationInput
            {
                // The demo uses only embedded backends, whatever the user's environment says.
                CommandLine = new Dictionary<string, string?>
                {
                    ["Karma:Home"] = root,
                    ["Karma:Repo:Url"] = repo,
                    ["Karma:Environment"] = DemoScript.Environment,
                    ["Karma:Terraform:ModulesRoot"] = modules,
                    ["Karma:ParameterStore:Provider"] = "local",
                    ["Karma:Graph:Provider"] = "sqlite",
                },
            });
            using var session = KarmaSession.FromConfiguration(configuration, console);
            await using var server = await TemporalDevServer.StartAsync(
                new TemporalDevServerOptions { Port = 0, DbPath = Path.Combine(root, "temporal-dev", "temporal.db") }, cancellationToken: cancellationToken);
            var temporal = await TemporalClientFactory.ConnectLocalAsync(server.Address, "default", runtime: CliLogging.Runtime(console));
            await using var connection = LifecycleConnection.ForLocalServer(session, temporal, server.Address);
            var script = new DemoScript(session, connection, console);
            var outcome = await script.RunAsync(cancellationToken);
            console.Out.WriteLine();
            console.Out.WriteLine($"demo {(outcome ? "finished" : "FAILED")} in {clock.Elapsed.TotalSeconds:F1} s; state kept in {root}");
            console.Out.WriteLine($"explore it: KARMA_HOME={root} karma changes | karma graph show | karma log list");
            return outcome ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>The demo home's own settings, so that <c>KARMA_HOME=&lt;demo&gt; karma …</c> works on it afterwards.</summary>
    private static void WriteUserFile(string root, string repo, string modules)
    {
        var settings = new System.Text.Json.Nodes.JsonObject
        {
            ["Environment"] = DemoScript.Environment,
            ["Repo"] = new System.Text.Json.Nodes.JsonObject { ["Url"] = repo },
            ["Terraform"] = new System.Text.Json.Nodes.JsonObject { ["ModulesRoot"] = modules },
        };
        File.WriteAllText(Path.Combine(root, KarmaConfigurationLoader.UserFileName), settings.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }
}
