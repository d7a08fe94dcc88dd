using Karma.Workflows.Hosting;
using Karma.Activities.Configuration;
using Karma.Activities.Git;
using Karma.Activities.Graph;
using Karma.Activities.Lifecycle;
using Karma.Core.Ports;
using Karma.Gremlin.Neptune;

namespace Karma.Cli.Infrastructure;

/// <summary>
/// Maps exceptions from Karma's services to a user-facing message and exit code, so no command ever
/// ends with a raw stack trace (those are printed only with --verbose).
/// </summary>
public static class ErrorClassifier
{
    private static readonly List<Func<Exception, CliException?>> Rules = [];

    /// <summary>Lets a service area teach the CLI about its own exception types.</summary>
    public static void Register(Func<Exception, CliException?> rule) => Rules.Add(rule);

    public static CliException Classify(Exception exception)
    {
        foreach (var rule in Rules)
        {
            if (rule(exception) is { } mapped)
            {
                return mapped;
            }
        }

        return exception switch
        {
            CliException cli => cli,
            KarmaConfigurationException configuration => CliException.Usage(configuration.Message, configuration),
            NeptuneConfigurationException neptune => CliException.Usage(neptune.Message, neptune),
            GitRemoteException remote => CliException.Backend(remote.Message, remote),
            ConfigRepoException repo => CliException.Usage(repo.Message, repo),
            EnvironmentNotResolvedException environment => CliException.Usage(environment.Message, environment),
            EnvironmentRefusedException refused => CliException.Usage(refused.Message, refused),
            ParameterNotFoundException notFound => CliException.Usage(notFound.Message, notFound),
            ParameterStoreException store => CliException.Backend(store.Message, store),
            FormatException format => CliException.Usage(format.Message, format),
            ArgumentException argument => CliException.Usage(argument.Message, argument),
            FileNotFoundException file => CliException.Usage(file.Message, file),
            DirectoryNotFoundException dir => CliException.Usage(dir.Message, dir),
            UnauthorizedAccessException denied => CliException.Usage(denied.Message, denied),
            Activities.Audit.AuditStoreException audit => CliException.Backend(audit.Message, audit),
            TemporalConnectionException temporal => CliException.Backend(temporal.Message, temporal),
            HttpRequestException http => CliException.Backend($"cannot reach a backend: {http.Message}", http),
            Temporalio.Exceptions.RpcException { Code: Temporalio.Exceptions.RpcException.StatusCode.Unavailable } rpc =>
                CliException.Backend($"cannot reach Temporal (after the SDK's retries): {rpc.Message}", rpc),
            TimeoutException timeout => CliException.Backend(timeout.Message, timeout),
            _ => CliException.Failed($"unexpected error: {exception.Message} (run with --verbose for details)", exception),
        };
    }
}
