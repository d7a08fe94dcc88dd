using Google.Protobuf.Reflection;
using Temporalio.Api.Dependencies.Google.Api;

namespace Karma.TemporalDev.Http;

/// <summary>
/// The <c>/api/v1</c> routes of WorkflowService and OperatorService, read from the <c>google.api.http</c> options that
/// ship in Temporalio's descriptors (the <c>additional_bindings</c>; the primary bindings without the prefix would
/// collide with the UI's own page paths). Building the descriptors cross-links the whole Temporal API (a few hundred
/// ms of CPU), so the table is built once, at the first API call.
/// </summary>
internal sealed class HttpRouteTable
{
    public const string Prefix = "/api/v1/";

    private readonly HttpRoute[] routes;

    private HttpRouteTable(HttpRoute[] routes) => this.routes = routes;

    public IReadOnlyList<HttpRoute> Routes => routes;

    /// <summary>Every service whose RPCs the HTTP API serves (the same two the gRPC endpoint registers).</summary>
    public static IReadOnlyList<FileDescriptor> Files =>
    [
        Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor,
        Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor,
    ];

    public static HttpRouteTable Build()
    {
        var routes = new List<HttpRoute>();
        foreach (var method in Files.SelectMany(f => f.Services).SelectMany(s => s.Methods))
        {
            var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
            if (rule is null)
            {
                continue;
            }

            foreach (var binding in rule.AdditionalBindings.Prepend(rule))
            {
                var route = ToRoute(binding, method);
                if (route is not null && route.Path.Text.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    routes.Add(route);
                }
            }
        }

        return new HttpRouteTable([.. routes.OrderByDescending(r => r.Path.Specificity)]);
    }

    /// <summary>The route for <paramref name="verb"/> and the decoded path segments, with its path bindings.</summary>
    public (HttpRoute Route, IReadOnlyList<KeyValuePair<string, string>> Bindings)? Match(string verb, IReadOnlyList<string> segments)
    {
        foreach (var route in routes)
        {
            if (!string.Equals(route.Verb, verb, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var bindings = route.Path.Match(segments);
            if (bindings is not null)
            {
                return (route, bindings);
            }
        }

        return null;
    }

    /// <summary>Whether any verb serves this path (405 rather than 404 when only the verb is wrong).</summary>
    public bool AnyVerbMatches(IReadOnlyList<string> segments) => routes.Any(r => r.Path.Match(segments) is not null);

    private static HttpRoute? ToRoute(HttpRule rule, MethodDescriptor method)
    {
        var (verb, path) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
            HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
            HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
            HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
            HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
            HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind.ToUpperInvariant(), rule.Custom.Path),
            _ => (string.Empty, string.Empty),
        };
        return path.Length == 0 ? null : new HttpRoute(verb, PathTemplate.Parse(path), rule.Body, method);
    }
}
