using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Karma.TemporalDev.Rpc;

/// <summary>
/// Registers every RPC of temporal.api.workflowservice.v1.WorkflowService and temporal.api.operatorservice.v1.OperatorService
/// (the Temporal UI and CLI call both); unimplemented ones answer UNIMPLEMENTED. The methods are those of the SDK's
/// raw clients (<see cref="Temporalio.Client.WorkflowService"/>, <see cref="Temporalio.Client.OperatorService"/>:
/// one <c>XAsync(XRequest, RpcOptions)</c> per RPC), read by reflection rather than from the protobuf service
/// descriptors: building those descriptors cross-links the whole Temporal API and was two thirds of start-up.
/// </summary>
internal sealed class WorkflowServiceMethodProvider : IServiceMethodProvider<WorkflowServiceEndpoint>
{
    private static readonly MethodInfo AddMethodDefinition =
        typeof(WorkflowServiceMethodProvider).GetMethod(nameof(AddMethod), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>(gRPC service name, raw client class) of each served service.</summary>
    private static readonly (string Service, Type Client)[] Services =
    [
        ("temporal.api.workflowservice.v1.WorkflowService", typeof(Temporalio.Client.WorkflowService)),
        ("temporal.api.operatorservice.v1.OperatorService", typeof(Temporalio.Client.OperatorService)),
    ];

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WorkflowServiceEndpoint> context)
    {
        foreach (var (service, name, request, response) in Methods())
        {
            AddMethodDefinition.MakeGenericMethod(request, response).Invoke(null, [context, service, name]);
        }
    }

    /// <summary>Every RPC: service, method name, request and response message types.</summary>
    public static IEnumerable<(string Service, string Method, Type Request, Type Response)> Methods() =>
        from s in Services
        from m in s.Client.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        let parameters = m.GetParameters()
        where m.Name.EndsWith("Async", StringComparison.Ordinal) && parameters.Length == 2
            && typeof(IMessage).IsAssignableFrom(parameters[0].ParameterType)
            && m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
            && typeof(IMessage).IsAssignableFrom(m.ReturnType.GetGenericArguments()[0])
        select (s.Service, m.Name[..^"Async".Length], parameters[0].ParameterType, m.ReturnType.GetGenericArguments()[0]);

    private static void AddMethod<TRequest, TResponse>(ServiceMethodProviderContext<WorkflowServiceEndpoint> context, string service, string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var requestParser = new MessageParser<TRequest>(() => new TRequest());
        var responseParser = new MessageParser<TResponse>(() => new TResponse());
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            service,
            name,
            Marshallers.Create(r => r.ToByteArray(), requestParser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), responseParser.ParseFrom));
        var label = $"{service[(service.LastIndexOf('.') + 1)..]}/{name}";
        context.AddUnaryMethod(method, [], (endpoint, request, call) => endpoint.HandleAsync<TRequest, TResponse>(label, request, call));
    }
}
