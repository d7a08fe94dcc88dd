namespace Karma.Gremlin.Graph;

/// <summary>An edge or meta property (<c>g:Property</c>).</summary>
public sealed record ElementProperty(string Key, object? Value);
