namespace Karma.Gremlin.Traversal;

/// <summary>
/// A traversal as data (<c>g:Bytecode</c>). Karma sends every write this way: values travel as typed GraphSON,
/// so nothing from configuration can be interpreted as Gremlin.
/// </summary>
public sealed class Bytecode
{
    private readonly List<Instruction> _sources = [];
    private readonly List<Instruction> _steps = [];

    public IReadOnlyList<Instruction> SourceInstructions => _sources;

    public IReadOnlyList<Instruction> StepInstructions => _steps;

    public void AddSource(string op, params object?[] args) => _sources.Add(new Instruction(op, args));

    public void AddStep(string op, params object?[] args) => _steps.Add(new Instruction(op, args));

    /// <summary>Steps including those of nested anonymous traversals (what Neptune's step guidance counts).</summary>
    public int CountSteps() =>
        _sources.Count + _steps.Count + _steps.Sum(step => step.Arguments.OfType<Bytecode>().Sum(nested => nested.CountSteps()));

    public override string ToString() =>
        "g" + string.Concat(_steps.Select(step => $".{step.Operator}({step.Arguments.Count} args)"));
}
