using System.Security.Cryptography;
using System.Text;

namespace Karma.Core.Lifecycle;

/// <summary>
/// What the workflow knows about a Terraform plan. The plan file itself stays on disk under KARMA_HOME and is passed
/// by reference (<see cref="PlanRef"/>), so workflow payloads stay small and never carry sensitive values.
/// </summary>
/// <param name="PlanSha256">Hash of the plan file: apply refuses a file that changed since it was reviewed.</param>
/// <param name="ResourceChanges">One stable line per changed resource: <c>address|actions|sha256(after)</c>.</param>
/// <param name="OutputChanges">One line per changing root output: <c>name|sha256(after)</c>.</param>
/// <param name="PlannedOutputNames">Every root output the configuration will have after apply (the runtime keys).</param>
public sealed record PlanDigest(
    string PlanRef,
    string PlanSha256,
    int Add,
    int Change,
    int Destroy,
    IReadOnlyList<string> ResourceChanges,
    IReadOnlyList<string> DestroyedAddresses,
    IReadOnlyList<string> OutputChanges,
    IReadOnlyList<string> PlannedOutputNames)
{
    /// <summary>Hash of the config and upstream runtime the plan was made from; a different hash at apply time means re-plan.</summary>
    public string InputsHash { get; init; } = string.Empty;

    public bool HasChanges => ResourceChanges.Count > 0 || OutputChanges.Count > 0;

    /// <summary>Identifies what the plan would do (not when it was made): equal plans have equal fingerprints.</summary>
    public string Fingerprint
    {
        get
        {
            var text = string.Join('\n', ResourceChanges.Order(StringComparer.Ordinal)) + "\n--\n" +
                       string.Join('\n', OutputChanges.Order(StringComparer.Ordinal));
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        }
    }

    public string Summary => $"{Add} to add, {Change} to change, {Destroy} to destroy" +
        (DestroyedAddresses.Count > 0 ? $" (destroys {string.Join(", ", DestroyedAddresses)})" : string.Empty);
}

/// <summary>How a fresh plan made just before apply relates to the plan that was approved.</summary>
public enum PlanFreshness
{
    /// <summary>The fresh plan does exactly what was approved.</summary>
    Same,

    /// <summary>
    /// The fresh plan does part of what was approved and nothing else: an earlier apply of this same plan got part
    /// (or all, when nothing is left) of the way before a crash. Continuing is applying what was approved.
    /// </summary>
    RemainderOfApproved,

    /// <summary>The fresh plan does something nobody approved (state or upstream runtime changed): re-approve.</summary>
    Stale,
}

public static class PlanComparison
{
    public static PlanFreshness Compare(PlanDigest approved, PlanDigest fresh)
    {
        if (approved.Fingerprint == fresh.Fingerprint)
        {
            return PlanFreshness.Same;
        }

        var approvedResources = approved.ResourceChanges.ToHashSet(StringComparer.Ordinal);
        var approvedOutputs = approved.OutputChanges.ToHashSet(StringComparer.Ordinal);
        return fresh.ResourceChanges.All(approvedResources.Contains) && fresh.OutputChanges.All(approvedOutputs.Contains)
            ? PlanFreshness.RemainderOfApproved
            : PlanFreshness.Stale;
    }
}
