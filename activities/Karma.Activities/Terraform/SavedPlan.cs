namespace Karma.Activities.Terraform;

/// <summary>
/// A plan file kept on disk, passed by reference (workflow payloads stay small). Applying checks the file
/// still hashes to <paramref name="Sha256"/>, so exactly the reviewed plan is applied.
/// </summary>
/// <param name="PlanFile">Absolute path of the binary plan (it holds sensitive values: never publish it).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the plan file.</param>
/// <param name="RedactedJsonFile">The plan as JSON with sensitive values replaced, for display; null when not written.</param>
public sealed record SavedPlan(string PlanFile, string Sha256, string? RedactedJsonFile)
{
    /// <summary>Where the redacted JSON of <paramref name="planFile"/> is written, beside it.</summary>
    public static string RedactedJsonPathFor(string planFile) => Path.ChangeExtension(planFile, ".redacted.json");
}

/// <summary>The outcome of planning: the saved plan and what it would do.</summary>
public sealed record TerraformPlanResult(SavedPlan Plan, PlanSummary Summary);

/// <summary>How to plan.</summary>
public sealed record PlanRequest
{
    /// <summary>Plan destroying everything (<c>plan -destroy</c>).</summary>
    public bool Destroy { get; init; }

    /// <summary>
    /// Values for variables the module marks sensitive, name → raw string. They are passed as TF_VAR_
    /// environment variables (never written to disk), masked in output lines, and redacted from the plan JSON.
    /// </summary>
    public IReadOnlyDictionary<string, string> SensitiveVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Write the redacted plan JSON beside the plan file.</summary>
    public bool WriteRedactedJson { get; init; } = true;

    /// <summary>
    /// Take the state lock (waiting up to the lock timeout). A dry run plans without it (<c>-lock=false</c>): its plan
    /// is never applied, and it must not wait behind, or block, a change applying the same state.
    /// </summary>
    public bool LockState { get; init; } = true;

    /// <summary>
    /// Summarise the plan (<c>show -json</c>) also when terraform reports no changes. A check that needs only
    /// terraform's verdict (verify after apply) turns it off and, when nothing changes, gets an empty summary.
    /// </summary>
    public bool SummarizeWhenUnchanged { get; init; } = true;
}
