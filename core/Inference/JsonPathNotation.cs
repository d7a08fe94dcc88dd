using System.Text;

namespace Karma.Core.Inference;

/// <summary>
/// The JSON path notation used in edges and diagnostics: <c>$</c> is the document root, <c>.name</c> a property whose
/// name is an identifier (<c>[A-Za-z_][A-Za-z0-9_]*</c>), <c>['any-name']</c> any other property (with <c>\</c> and
/// <c>'</c> escaped by a backslash), and <c>[0]</c> an array element (0-based).
/// Example: <c>$.functions['karma-graph-query'].vpc_nickname</c>.
/// </summary>
public static class JsonPathNotation
{
    public const string Root = "$";

    public static string Property(string parent, string name) => parent + PropertySegment(name);

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    public static string PropertySegment(string name)
    {
        if (IsIdentifier(name))
        {
            return "." + name;
        }

        var builder = new StringBuilder(name.Length + 4).Append("['");
        foreach (var c in name)
        {
            if (c is '\\' or '\'')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append("']").ToString();
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
