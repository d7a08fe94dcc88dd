namespace Karma.Core.Inference;

/// <summary>Which inference rule produced a reference (see docs/dependency-inference.md).</summary>
public enum ReferenceRule
{
    /// <summary>Rule 1: an entry of the top-level <c>depends_on</c> array.</summary>
    DependsOnList,

    /// <summary>Rule 2: a <c>&lt;t&gt;_nickname</c> string property at any depth.</summary>
    TypedNickname,

    /// <summary>Rule 3: an object holding both <c>src_type</c> and <c>src_nickname</c>.</summary>
    SourcePair,

    /// <summary>Rule 4: a <c>*_runtime_path</c> string of the form <c>&lt;prefix&gt;/&lt;type&gt;/&lt;nickname&gt;/runtime</c>.</summary>
    RuntimePath,
}
