using System.Globalization;
using System.Text;

namespace Karma.Slack.Messages;

/// <summary>Slack mrkdwn helpers: escaping, dates that render in the reader's time zone, length limits.</summary>
public static class SlackText
{
    /// <summary>Slack's three control characters; anything else is literal text.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>"2026-11-29 15:04 UTC": the fallback every client can show.</summary>
    public static string Utc(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A <c>&lt;!date^…&gt;</c> token: Slack shows it in each reader's time zone, falling back to UTC text.</summary>
    public static string Date(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"<!date^{at.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}}|{Utc(at)}>");

    /// <summary>Inline code; backticks inside would end it early, so they become quotes.</summary>
    public static string Code(string text) => "`" + Escape(text).Replace('`', '\'') + "`";

    public static string Link(Uri url, string label) => $"<{url.AbsoluteUri}|{Escape(label).Replace('|', '¦')}>";

    /// <summary>Cuts to <paramref name="max"/> characters with an ellipsis, never splitting a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return new StringBuilder(text, 0, cut, max).Append('…').ToString();
    }
}
