namespace Karma.Worker.Api;

/// <summary>What a token may do. Roles do not imply each other: give a proposer "reader" too if it should read.</summary>
public static class ApiRoles
{
    public const string Reader = "reader";
    public const string Proposer = "proposer";
    public const string Approver = "approver";

    public static IReadOnlyList<string> All { get; } = [Reader, Proposer, Approver];
}

/// <summary>The authenticated caller: identity and roles come from the token, never from a request body.</summary>
public sealed record ApiCaller(string Identity, IReadOnlySet<string> Roles)
{
    public bool Has(string role) => Roles.Contains(role);
}
