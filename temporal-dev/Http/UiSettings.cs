using System.Text.Json;
using System.Text.Json.Serialization;

namespace Karma.TemporalDev.Http;

/// <summary>
/// <c>GET /api/v1/settings</c>, which the Temporal UI's own (Go) server answers rather than the frontend: PascalCase
/// keys, authentication off, write actions on (a development server's operator may terminate, cancel, signal).
/// <see cref="Version"/> must be at least 2.23.0: below it the UI encodes path parameters twice.
/// </summary>
internal sealed record UiSettings(
    UiSettings.AuthSettings Auth,
    string DefaultNamespace,
    bool ShowTemporalSystemNamespace,
    bool NotifyOnNewVersion,
    string FeedbackURL,
    UiSettings.CodecSettings Codec,
    string Version,
    bool DisableWriteActions,
    bool WorkflowTerminateDisabled,
    bool WorkflowCancelDisabled,
    bool WorkflowSignalDisabled,
    bool WorkflowUpdateDisabled,
    bool WorkflowResetDisabled,
    bool WorkflowPauseDisabled,
    bool BatchActionsDisabled,
    bool StartWorkflowDisabled,
    bool HideWorkflowQueryErrors,
    bool RefreshWorkflowCountsDisabled,
    bool ActivityCommandsDisabled)
{
    /// <summary>The @temporalio/ui release the app in temporal-dev/ui is built from.</summary>
    public const string UiVersion = "2.38.0";

    public static UiSettings For(string defaultNamespace) => new(
        new AuthSettings(false, []),
        defaultNamespace,
        ShowTemporalSystemNamespace: false,
        NotifyOnNewVersion: false,
        FeedbackURL: string.Empty,
        new CodecSettings(string.Empty, false, false),
        UiVersion,
        DisableWriteActions: false,
        WorkflowTerminateDisabled: false,
        WorkflowCancelDisabled: false,
        WorkflowSignalDisabled: false,
        WorkflowUpdateDisabled: false,
        WorkflowResetDisabled: true,
        WorkflowPauseDisabled: true,
        BatchActionsDisabled: true,
        StartWorkflowDisabled: true,
        HideWorkflowQueryErrors: false,
        RefreshWorkflowCountsDisabled: false,
        ActivityCommandsDisabled: true);

    public string ToJson() => JsonSerializer.Serialize(this, UiSettingsJson.Default.UiSettings);

    internal sealed record AuthSettings(bool Enabled, IReadOnlyList<string> Options);

    internal sealed record CodecSettings(string Endpoint, bool PassAccessToken, bool IncludeCredentials);
}

/// <summary>Compile-time serializer metadata: property names kept as declared (PascalCase).</summary>
[JsonSerializable(typeof(UiSettings))]
internal sealed partial class UiSettingsJson : JsonSerializerContext;
