using Karma.Core.Model;

namespace Karma.Core.Inference;

/// <summary>One reference found in a consumer's config.</summary>
/// <param name="JsonPath">Where the reference is, in <see cref="JsonPathNotation"/>.</param>
public sealed record InferredReference(ComponentId Consumer, ComponentId Provider, ReferenceRule Rule, string JsonPath)
{
    /// <summary><c>depends_on</c> for rule 1, <c>consumes_runtime_from</c> for rules 2–4.</summary>
    public EdgeLabel Label => Rule == ReferenceRule.DependsOnList ? EdgeLabel.DependsOn : EdgeLabel.ConsumesRuntimeFrom;
}

/// <summary>A runtime key a consumer declares it reads from a provider's runtime outputs.</summary>
/// <param name="JsonPath">Where the key is named in the consumer's config.</param>
public sealed record RuntimeKeyRead(ComponentId Consumer, ComponentId Provider, string Key, string JsonPath);

/// <summary>Something that looks like a reference but cannot be one (bad id, wrong value type, half a pair).</summary>
public sealed record ReferenceProblem(ComponentId Consumer, string JsonPath, string Message);

/// <summary>Everything inference found in one config document.</summary>
public sealed record ConfigReferences(
    IReadOnlyList<InferredReference> References,
    IReadOnlyList<RuntimeKeyRead> KeyReads,
    IReadOnlyList<ReferenceProblem> Problems);
