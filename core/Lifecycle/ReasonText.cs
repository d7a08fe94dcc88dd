namespace Karma.Core.Lifecycle;

/// <summary>Joins a sentence and an optional reason, so that a missing reason leaves no dangling ": ".</summary>
public static class ReasonText
{
    /// <summary><c>"head: reason"</c>, or just <c>"head"</c> when the reason is null, empty or blank.</summary>
    public static string Append(string head, string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? head : $"{head}: {reason.Trim()}";
}
