namespace Karma.Slack;

internal static class AssemblyMarker
{
}
