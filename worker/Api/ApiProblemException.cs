namespace Karma.Worker.Api;

/// <summary>A request the API refuses; becomes a ProblemDetails response with <see cref="Status"/>.</summary>
public sealed class ApiProblemException(int status, string title, string detail, string? field = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    /// <summary>The request field at fault (JSON property, query parameter or route value), when there is one.</summary>
    public string? Field { get; } = field;

    public static ApiProblemException BadField(string field, string detail) =>
        new(StatusCodes.Status400BadRequest, "Invalid request", $"{field}: {detail}", field);

    public static ApiProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);
}
