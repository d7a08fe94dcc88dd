namespace Karma.Activities.Terraform;

/// <summary>The text that stands in for a sensitive value everywhere Karma shows or stores one.</summary>
public static class Redaction
{
    // Same words terraform uses in its own human-readable plan, so reviewers see one convention.
    public const string Marker = "(sensitive value)";
}
