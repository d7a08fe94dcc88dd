namespace Karma.Worker;

/// <summary>
/// The Temporal Web UI of the embedded server this service started (when it started one): the Slack message's run
/// link points there unless <c>Karma:Slack:TemporalUiUrl</c> says otherwise.
/// </summary>
public sealed record TemporalUiLocation(Uri Url);
