using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Karma.Core.Secrets;
using Karma.Slack.Api;

namespace Karma.Slack.Messages;

/// <summary>
/// Renders approval requests, decisions, progress and reminders as Block Kit. Every piece of free text
/// goes through <see cref="SecretRedactor"/>, and each finished message is checked again before it is returned.
/// </summary>
public sealed class ApprovalMessageBuilder
{
    private readonly ApprovalMessageLimits limits;

    public ApprovalMessageBuilder(ApprovalMessageLimits? limits = null)
    {
        this.limits = limits ?? ApprovalMessageLimits.Default;
    }

    /// <summary>The request with Approve / Reject buttons, plus thread replies for what is too long for it.</summary>
    public ApprovalMessages BuildRequest(ApprovalRequestView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var redactor = SlackSecrets.For(view);
        var main = Finish(view, redactor, RequestText(view, redactor), Blocks(view, redactor, outcome: null));
        var replies = ThreadDetails(view, redactor).Select(r => Finish(view, redactor, r.Text, r.Blocks)).ToList();
        return new ApprovalMessages(main, replies);
    }

    /// <summary>The message as it should look in <paramref name="state"/>: buttons while pending, the decision line once decided.</summary>
    public SlackMessage BuildState(ApprovalState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Outcome is null)
        {
            return BuildRequest(state.View).Main;
        }

        var view = state.View;
        var redactor = SlackSecrets.For(view);
        var text = $"{OutcomeLine(state.Outcome, redactor, markup: false)} ({view.Component} → {view.Environment}, {view.ChangeId})";
        return Finish(view, redactor, text, Blocks(view, redactor, state.Outcome));
    }

    /// <summary>A thread reply telling how the change is going.</summary>
    public static SlackMessage BuildProgress(ApprovalRequestView view, ProgressUpdate update)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(update);
        var redactor = SlackSecrets.For(view);
        var detail = update.Detail is null ? string.Empty : ": " + SlackText.Escape(redactor.RedactText(update.Detail));
        var wave = update.Wave is null
            ? string.Empty
            : $"Wave {update.Wave.Number} ({ComponentList(update.Wave.Components)})";
        var line = update.Kind switch
        {
            ProgressKind.Applying => $":hourglass_flowing_sand: Applying {SlackText.Code(view.ChangeId)}{detail}",
            ProgressKind.Applied => $":white_check_mark: Applied {SlackText.Code(view.ChangeId)}{detail}",
            ProgressKind.Verified => $":white_check_mark: Verified {SlackText.Code(view.ChangeId)}{detail}",
            ProgressKind.Failed => $":x: Failed {SlackText.Code(view.ChangeId)}{(detail.Length == 0 ? ": no reason given" : detail)}",
            ProgressKind.WaveStarted => $":ocean: {wave} started{detail}",
            ProgressKind.WaveCompleted => $":ocean: {wave} completed{detail}",
            _ => throw new ArgumentOutOfRangeException(nameof(update), update.Kind, "Unknown progress kind."),
        };
        var blocks = new JsonArray(BlockKit.Section(line), BlockKit.Context(SlackText.Date(update.At)));
        var plain = $"{update.Kind} {view.ChangeId}" + (update.Detail is null ? string.Empty : ": " + redactor.RedactText(update.Detail));
        return Finish(view, redactor, plain, blocks);
    }

    /// <summary>A reminder that the request expires soon and still needs approvals.</summary>
    public static SlackMessage BuildReminder(ApprovalRequestView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var redactor = SlackSecrets.For(view);
        var needed = Plural(view.ApprovalsStillNeeded, "approval");
        var line = $":alarm_clock: Reminder: {SlackText.Code(view.ChangeId)} ({SlackText.Escape(view.Component)} → " +
            $"{SlackText.Escape(view.Environment)}) expires {SlackText.Date(view.ExpiresAt)} and still needs {needed}.";
        var text = $"Reminder: {view.ChangeId} expires {SlackText.Utc(view.ExpiresAt)} and still needs {needed}.";
        return Finish(view, redactor, text, new JsonArray(BlockKit.Section(line)));
    }

    /// <summary>The modal that asks a rejecter why (views.open). It carries the change and the message it came from.</summary>
    public static JsonObject BuildRejectModal(string changeId, SlackMessageRef? message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        var metadata = new RejectModalMetadata(changeId, message?.Channel, message?.Ts).Serialize();
        var input = new JsonObject
        {
            ["type"] = "plain_text_input",
            ["action_id"] = ApprovalActionIds.RejectReasonInput,
            ["multiline"] = true,
            ["min_length"] = 1,
            ["max_length"] = 2000,
        };
        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = ApprovalActionIds.RejectModalCallback,
            ["private_metadata"] = metadata,
            ["title"] = BlockKit.PlainText("Reject change", 24),
            ["submit"] = BlockKit.PlainText("Reject", 24),
            ["close"] = BlockKit.PlainText("Cancel", 24),
            ["blocks"] = new JsonArray(
                BlockKit.Section($"Rejecting {SlackText.Code(changeId)}. The proposer will see your reason."),
                new JsonObject
                {
                    ["type"] = "input",
                    ["block_id"] = ApprovalActionIds.RejectReasonBlock,
                    ["label"] = BlockKit.PlainText("Why are you rejecting it?", 2000),
                    ["element"] = input,
                }),
        };
    }

    /// <summary>A plain message (used for ephemeral replies).</summary>
    public static SlackMessage Plain(string mrkdwn) =>
        new(mrkdwn, new JsonArray(BlockKit.Section(mrkdwn)));

    private static SlackMessage Finish(ApprovalRequestView view, SecretRedactor redactor, string text, JsonArray blocks)
    {
        // The fallback text is mrkdwn too (notifications): escaped so a reason cannot @channel or fake a link.
        var message = new SlackMessage(SlackText.Truncate(SlackText.Escape(redactor.RedactText(text)), 3000), blocks);
        redactor.EnsureClean(message.Text, view.ChangeId);
        redactor.EnsureClean(blocks, view.ChangeId);
        return message;
    }

    private static string RequestText(ApprovalRequestView view, SecretRedactor redactor) =>
        $"Approval needed: {view.Component} → {view.Environment} ({view.ChangeId}) proposed by {view.ProposedBy}: " +
        $"{redactor.RedactText(view.Reason)} — {Plural(view.ApprovalsStillNeeded, "approval")} still needed.";

    private JsonArray Blocks(ApprovalRequestView view, SecretRedactor redactor, ApprovalOutcome? outcome)
    {
        var blocks = new JsonArray
        {
            BlockKit.Header(HeaderText(view, outcome)),
            BlockKit.Fields(
                $"*Change*\n{SlackText.Code(view.ChangeId)}",
                $"*Proposed by*\n{SlackText.Escape(view.ProposedBy)}",
                $"*Approvals*\n{ApprovalCount(view)}",
                $"*Expires*\n{SlackText.Date(view.ExpiresAt)}"),
            BlockKit.Section($"*Why*\n>{SlackText.Escape(redactor.RedactText(view.Reason)).Replace("\n", "\n>", StringComparison.Ordinal)}"),
        };

        if (view.ConfigDiff.Count > 0)
        {
            blocks.Add(BlockKit.Section(DiffSection(view, redactor)));
        }

        blocks.Add(BlockKit.Section(PlanSection(view, redactor)));
        blocks.Add(BlockKit.Section(ImpactSection(view)));

        if (NeedsThread(view))
        {
            blocks.Add(BlockKit.Context(":thread: The full plan and details are in the thread."));
        }

        var links = new List<string>();
        if (view.TemporalUiUrl is not null)
        {
            links.Add(SlackText.Link(view.TemporalUiUrl, "Run in Temporal UI"));
        }

        links.Add(SlackText.Code(view.StatusCommand));
        blocks.Add(BlockKit.Context(string.Join("  ·  ", links)));

        if (view.Approvals.Count > 0)
        {
            // One block for all votes: Slack allows 50 blocks per message and 10 elements per context.
            blocks.Add(BlockKit.Context(string.Join("\n", view.Approvals.Select(vote =>
                $":white_check_mark: Approved by *{SlackText.Escape(vote.Approver)}* at {SlackText.Date(vote.At)}"))));
        }

        if (outcome is null)
        {
            blocks.Add(ActionButtons(view));
        }
        else
        {
            blocks.Add(BlockKit.Section(OutcomeLine(outcome, redactor, markup: true)));
        }

        return blocks;
    }

    private static JsonObject ActionButtons(ApprovalRequestView view)
    {
        var warning = view.Plan.HasDestroys
            ? $" It *destroys {Plural(DestroyCount(view.Plan), "resource")}*."
            : string.Empty;
        var confirm = BlockKit.Confirm(
            "Approve this change?",
            $"Approve {SlackText.Code(view.ChangeId)}: {SlackText.Escape(view.Component)} → {SlackText.Escape(view.Environment)}.{warning}",
            "Approve",
            "Cancel");
        return BlockKit.Actions(
            ApprovalActionIds.ActionsBlock,
            BlockKit.Button("Approve", ApprovalActionIds.Approve, view.ButtonValue, "primary", confirm),
            BlockKit.Button("Reject…", ApprovalActionIds.Reject, view.ButtonValue, "danger"));
    }

    private static string HeaderText(ApprovalRequestView view, ApprovalOutcome? outcome)
    {
        var prefix = outcome?.Kind switch
        {
            null => "Approval needed",
            ApprovalOutcomeKind.Approved => "Approved",
            ApprovalOutcomeKind.Rejected => "Rejected",
            ApprovalOutcomeKind.Expired => "Expired",
            ApprovalOutcomeKind.Superseded => "Superseded",
            ApprovalOutcomeKind.Cancelled => "Cancelled",
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.Kind, "Unknown outcome."),
        };
        return $"{prefix}: {view.Component} → {view.Environment}";
    }

    private static string OutcomeLine(ApprovalOutcome outcome, SecretRedactor redactor, bool markup)
    {
        string Name(string? name) => markup ? $"*{SlackText.Escape(name ?? "unknown")}*" : name ?? "unknown";
        var at = markup ? SlackText.Date(outcome.At) : SlackText.Utc(outcome.At);
        var detail = outcome.Detail is null ? null : redactor.RedactText(outcome.Detail);
        var escapedDetail = detail is null ? null : markup ? SlackText.Escape(detail) : detail;
        return outcome.Kind switch
        {
            ApprovalOutcomeKind.Approved => $"{(markup ? ":white_check_mark: " : string.Empty)}Approved by {Name(outcome.By)} at {at}",
            ApprovalOutcomeKind.Rejected => $"{(markup ? ":no_entry: " : string.Empty)}Rejected by {Name(outcome.By)} at {at}" +
                (escapedDetail is null ? string.Empty : $": {escapedDetail}"),
            ApprovalOutcomeKind.Expired => $"{(markup ? ":hourglass: " : string.Empty)}Expired at {at} without enough approvals",
            ApprovalOutcomeKind.Superseded => $"{(markup ? ":leftwards_arrow_with_hook: " : string.Empty)}Superseded" +
                (escapedDetail is null ? string.Empty : $" by {(markup ? SlackText.Code(detail!) : detail)}") + $" at {at}",
            ApprovalOutcomeKind.Cancelled => $"{(markup ? ":heavy_multiplication_x: " : string.Empty)}Cancelled at {at}" +
                (escapedDetail is null ? string.Empty : $": {escapedDetail}"),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.Kind, "Unknown outcome."),
        };
    }

    private static string ApprovalCount(ApprovalRequestView view) =>
        view.ApprovalsStillNeeded == 0
            ? $"{view.Approvals.Count} of {view.ApprovalsRequired}"
            : $"{view.Approvals.Count} of {view.ApprovalsRequired} — *{view.ApprovalsStillNeeded} more needed*";

    private string DiffSection(ApprovalRequestView view, SecretRedactor redactor)
    {
        var lines = view.ConfigDiff.Take(limits.MaxDiffLinesInMessage).Select(l => DiffLine(l, redactor)).ToList();
        var more = view.ConfigDiff.Count - lines.Count;
        var text = new StringBuilder("*Config diff*\n```\n").AppendJoin('\n', lines).Append("\n```");
        if (more > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n_…and {more} more line(s) in the thread_");
        }

        return text.ToString();
    }

    private static string DiffLine(ConfigDiffLine line, SecretRedactor redactor)
    {
        string Value(string? v) => v is null ? "(none)" : SlackText.Escape(redactor.RedactText(v)).Replace('`', '\'');
        var key = SlackText.Escape(line.Key).Replace('`', '\'');
        if (line.Sensitive)
        {
            return line.Kind switch
            {
                ConfigChangeKind.Added => $"+ {key} = (sensitive)",
                ConfigChangeKind.Removed => $"- {key} (sensitive)",
                _ => $"~ {key}: (sensitive value changed)",
            };
        }

        return line.Kind switch
        {
            ConfigChangeKind.Added => $"+ {key} = {Value(line.NewValue)}",
            ConfigChangeKind.Removed => $"- {key} (was {Value(line.OldValue)})",
            _ => $"~ {key}: {Value(line.OldValue)} → {Value(line.NewValue)}",
        };
    }

    private string PlanSection(ApprovalRequestView view, SecretRedactor redactor)
    {
        var plan = view.Plan;
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"*Plan*: {plan.ToCreate} to create · {plan.ToUpdate} to update · {plan.ToReplace} to replace · {plan.ToDelete} to delete");
        if (!plan.HasDestroys)
        {
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"\n:warning: *Destroys {Plural(DestroyCount(plan), "resource")}:*");
        foreach (var address in plan.DestroyedAddresses.Take(limits.MaxDestroyedInMessage))
        {
            text.Append("\n• ").Append(SlackText.Code(redactor.RedactText(address)));
        }

        var more = plan.DestroyedAddresses.Count - limits.MaxDestroyedInMessage;
        if (more > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n_…and {more} more in the thread_");
        }

        return text.ToString();
    }

    private string ImpactSection(ApprovalRequestView view)
    {
        var text = new StringBuilder("*Impact*\n");
        text.Append("Downstream: ").Append(view.DownstreamComponents.Count == 0
            ? "none"
            : ComponentList(view.DownstreamComponents.Take(limits.MaxComponentsInMessage).ToList())
                + (view.DownstreamComponents.Count > limits.MaxComponentsInMessage ? $" (+{view.DownstreamComponents.Count - limits.MaxComponentsInMessage} more)" : string.Empty));
        if (view.RolloutWaves.Count > 0)
        {
            text.Append("\nRollout: ").AppendJoin("  →  ", view.RolloutWaves.Select(w => $"wave {w.Number}: {ComponentList(w.Components)}"));
        }

        return text.ToString();
    }

    private bool NeedsThread(ApprovalRequestView view) =>
        view.ConfigDiff.Count > limits.MaxDiffLinesInMessage
        || view.Plan.DestroyedAddresses.Count > limits.MaxDestroyedInMessage
        || !string.IsNullOrWhiteSpace(view.Plan.FullPlanText);

    private IEnumerable<(string Text, JsonArray Blocks)> ThreadDetails(ApprovalRequestView view, SecretRedactor redactor)
    {
        if (view.ConfigDiff.Count > limits.MaxDiffLinesInMessage)
        {
            foreach (var chunk in Chunks(view.ConfigDiff.Select(l => DiffLine(l, redactor))))
            {
                yield return ($"Config diff of {view.ChangeId}", new JsonArray(BlockKit.Section($"*Full config diff*\n```\n{chunk}\n```")));
            }
        }

        if (view.Plan.DestroyedAddresses.Count > limits.MaxDestroyedInMessage)
        {
            var addresses = view.Plan.DestroyedAddresses.Select(a => "- " + SlackText.Escape(redactor.RedactText(a)).Replace('`', '\''));
            foreach (var chunk in Chunks(addresses))
            {
                yield return ($"Resources destroyed by {view.ChangeId}", new JsonArray(BlockKit.Section($":warning: *Destroyed resources*\n```\n{chunk}\n```")));
            }
        }

        if (!string.IsNullOrWhiteSpace(view.Plan.FullPlanText))
        {
            var planLines = SlackText.Escape(redactor.RedactText(view.Plan.FullPlanText)).Replace("```", "'''", StringComparison.Ordinal).Split('\n');
            var chunks = Chunks(planLines).ToList();
            for (var i = 0; i < chunks.Count; i++)
            {
                yield return ($"Plan of {view.ChangeId} ({i + 1}/{chunks.Count})",
                    new JsonArray(BlockKit.Section($"*Plan ({i + 1}/{chunks.Count})*\n```\n{chunks[i]}\n```")));
            }
        }
    }

    /// <summary>Groups lines into pieces that fit a section; a single over-long line is cut.</summary>
    private IEnumerable<string> Chunks(IEnumerable<string> lines)
    {
        var size = limits.ThreadChunkCharacters;
        var current = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = SlackText.Truncate(raw.TrimEnd('\r'), size);
            if (current.Length > 0 && current.Length + 1 + line.Length > size)
            {
                yield return current.ToString();
                current.Clear();
            }

            if (current.Length > 0)
            {
                current.Append('\n');
            }

            current.Append(line);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static string ComponentList(IReadOnlyList<string> components) =>
        components.Count == 0 ? "none" : string.Join(", ", components.Select(SlackText.Code));

    private static int DestroyCount(PlanSummaryView plan) =>
        Math.Max(plan.ToDelete + plan.ToReplace, plan.DestroyedAddresses.Count);

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
