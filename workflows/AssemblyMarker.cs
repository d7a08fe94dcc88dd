namespace Karma.Workflows;

internal static class AssemblyMarker
{
}
