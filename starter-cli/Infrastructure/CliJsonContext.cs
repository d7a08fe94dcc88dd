using System.Text.Json;
using System.Text.Json.Serialization;
using Karma.Workflows;

namespace Karma.Cli.Infrastructure;

/// <summary>
/// Compile-time JSON metadata for what the hot read commands print (<c>karma status -o json</c>), with the naming of
/// <see cref="CliConsole.JsonOptions"/>; everything else is still serialised by reflection. A short-lived process
/// otherwise spends a good part of its run building serializer metadata at run time.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChangeStatus))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
