namespace Karma.Activities;

internal static class AssemblyMarker
{
}
