using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Rpc;

/// <summary>
/// Registers every RPC of temporal.api.workflowservice.v1.WorkflowService and temporal.api.operatorservice.v1.OperatorService
/// (the Temporal UI and CLI call both) from the descriptors shipped in Temporalio.dll (no .proto files or code
/// generation needed); unimplemented ones answer UNIMPLEMENTED.
/// </summary>
internal sealed class WorkflowServiceMethodProvider : IServiceMethodProvider<WorkflowServiceEndpoint>
{
    private static readonly MethodInfo AddMethodDefinition =
        typeof(WorkflowServiceMethodProvider).GetMethod(nameof(AddMethod), BindingFlags.NonPublic | BindingFlags.Static)!;

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WorkflowServiceEndpoint> context)
    {
        var services = ServiceReflection.Descriptor.Services.Concat(Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services);
        foreach (var method in services.SelectMany(s => s.Methods))
        {
            AddMethodDefinition.MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType).Invoke(null, [context, method]);
        }
    }

    private static void AddMethod<TRequest, TResponse>(ServiceMethodProviderContext<WorkflowServiceEndpoint> context, MethodDescriptor descriptor)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var requestParser = new MessageParser<TRequest>(() => new TRequest());
        var responseParser = new MessageParser<TResponse>(() => new TResponse());
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            descriptor.Service.FullName,
            descriptor.Name,
            Marshallers.Create(r => r.ToByteArray(), requestParser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), responseParser.ParseFrom));
        context.AddUnaryMethod(method, [], (endpoint, request, call) => endpoint.HandleAsync<TRequest, TResponse>($"{descriptor.Service.Name}/{descriptor.Name}", request, call));
    }
}
