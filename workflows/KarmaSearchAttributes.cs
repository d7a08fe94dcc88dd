using Temporalio.Common;

namespace Karma.Workflows;

/// <summary>
/// Custom search attributes (register them on a real cluster with <c>temporal operator search-attribute create</c>),
/// so changes can be listed by component, environment, state and proposer in the Temporal UI.
/// </summary>
public static class KarmaSearchAttributes
{
    public static readonly SearchAttributeKey<string> Component = SearchAttributeKey.CreateKeyword("KarmaComponent");
    public static readonly SearchAttributeKey<string> Environment = SearchAttributeKey.CreateKeyword("KarmaEnvironment");
    public static readonly SearchAttributeKey<string> State = SearchAttributeKey.CreateKeyword("KarmaState");
    public static readonly SearchAttributeKey<string> RequestedBy = SearchAttributeKey.CreateKeyword("KarmaRequestedBy");

    public static IReadOnlyList<SearchAttributeKey> All { get; } = [Component, Environment, State, RequestedBy];
}
