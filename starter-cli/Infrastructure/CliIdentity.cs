using Karma.Activities.Configuration;

namespace Karma.Cli.Infrastructure;

/// <summary>
/// Who is running the CLI: Karma:Identity:User, else the Git user's email, else the OS user. A CLI identity is a
/// claim, not a proof: approval policies decide per environment whether approvals from the CLI count.
/// </summary>
internal static class CliIdentity
{
    public static string Resolve(KarmaOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Identity.User))
        {
            return options.Identity.User;
        }

        return GitUserEmail() ?? Environment.UserName;
    }

    private static string? GitUserEmail()
    {
        try
        {
            using var config = LibGit2Sharp.Configuration.BuildFrom(null);
            return config.Get<string>("user.email")?.Value is { Length: > 0 } email ? email : null;
        }
        catch (LibGit2Sharp.LibGit2SharpException)
        {
            // No readable global Git config: fall back to the OS user.
            return null;
        }
    }
}
