using Google.Protobuf.Reflection;

namespace Karma.TemporalDev.Http;

/// <summary>
/// One HTTP binding of an RPC: verb and path template, and where the request body goes (<c>*</c>: the whole
/// request; a field name: that field; empty: no body, everything from the path and query string).
/// </summary>
internal sealed record HttpRoute(string Verb, PathTemplate Path, string Body, MethodDescriptor Method)
{
    /// <summary>"WorkflowService/ListWorkflowExecutions", as errors and logs name RPCs.</summary>
    public string Label => $"{Method.Service.Name}/{Method.Name}";
}
