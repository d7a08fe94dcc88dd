using System.Text.Json.Serialization;

namespace Karma.Workflows;

/// <summary>
/// Compile-time JSON metadata for <see cref="ChangeStatus"/>, with the options of Temporal's default payload converter
/// (<c>new JsonSerializerOptions()</c>), so a memo decodes as the converter would decode it.
/// </summary>
[JsonSerializable(typeof(ChangeStatus))]
internal sealed partial class ChangeStatusJson : JsonSerializerContext;
