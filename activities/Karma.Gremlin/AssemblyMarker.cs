namespace Karma.Gremlin;

internal static class AssemblyMarker
{
}
