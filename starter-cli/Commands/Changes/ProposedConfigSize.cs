using System.Text;
using Karma.Cli.Infrastructure;

namespace Karma.Cli.Commands.Changes;

/// <summary>
/// A proposed config larger than the Parameter Store tier holds is an input error (exit 2) found before anything is
/// queued, not a change that fails later: the message names the size, the tier and its limit.
/// </summary>
internal static class ProposedConfigSize
{
    public static void Ensure(KarmaSession session, string compactJson, string path)
    {
        var options = session.Options.ToLifecycleOptions();
        var size = Encoding.UTF8.GetByteCount(compactJson);
        if (size > options.ParameterValueLimit)
        {
            throw CliException.Usage(
                $"'{path}' is {size} bytes as compact JSON; the {options.ParameterTier} Parameter Store tier holds at most {options.ParameterValueLimit} bytes " +
                "(Karma:ParameterStore:Tier; Advanced holds 8192).");
        }
    }
}
