using System.Globalization;

namespace Karma.Worker.Api;

/// <summary>Query-string values parsed by hand, so a bad value is a 400 naming the parameter (not a binder's message).</summary>
internal static class QueryParameters
{
    public static int Limit(string field, string? text, int defaultValue, int max) =>
        text is null ? defaultValue
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max ? n
        : throw ApiProblemException.BadField(field, $"{ApiEcho.Quote(text)} is not a number from 1 to {max}.");
}
