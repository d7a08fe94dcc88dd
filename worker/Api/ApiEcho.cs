namespace Karma.Worker.Api;

/// <summary>
/// A request value quoted back in a problem detail: bounded, so a 5,000-character id (or a pasted secret) is not sent
/// back whole; the detail still says how long it was.
/// </summary>
internal static class ApiEcho
{
    public const int MaxEchoedCharacters = 64;

    public static string Quote(string? value) =>
        value is null ? "''"
        : value.Length <= MaxEchoedCharacters ? $"'{value}'"
        : $"'{value[..MaxEchoedCharacters]}…' ({value.Length} characters)";
}
