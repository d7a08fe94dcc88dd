using System.Diagnostics.CodeAnalysis;

namespace Karma.Core.Model;

/// <summary>A component instance: <c>&lt;type&gt;/&lt;nickname&gt;</c>, e.g. <c>serverless-site/karma-dev</c>.</summary>
public readonly record struct ComponentId(string Type, string Nickname) : IComparable<ComponentId>
{
    /// <summary>Whether <paramref name="segment"/> is a valid type, nickname or environment (see <see cref="NameRules"/>).</summary>
    public static bool IsValidSegment(string? segment) => NameRules.SegmentProblem(segment) is null;

    public static ComponentId Parse(string text) =>
        TryParse(text, out var id)
            ? id
            : throw new FormatException($"{NameRules.Quote(text)} is not a component id: it {NameRules.ComponentIdProblem(text)}.");

    public static bool TryParse([NotNullWhen(true)] string? text, out ComponentId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash != text.LastIndexOf('/'))
        {
            return false;
        }

        var type = text[..slash];
        var nickname = text[(slash + 1)..];
        if (!IsValidSegment(type) || !IsValidSegment(nickname))
        {
            return false;
        }

        id = new ComponentId(type, nickname);
        return true;
    }

    public int CompareTo(ComponentId other)
    {
        var byType = string.CompareOrdinal(Type, other.Type);
        return byType != 0 ? byType : string.CompareOrdinal(Nickname, other.Nickname);
    }

    public override string ToString() => $"{Type}/{Nickname}";

    public static bool operator <(ComponentId left, ComponentId right) => left.CompareTo(right) < 0;

    public static bool operator >(ComponentId left, ComponentId right) => left.CompareTo(right) > 0;

    public static bool operator <=(ComponentId left, ComponentId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ComponentId left, ComponentId right) => left.CompareTo(right) >= 0;
}
