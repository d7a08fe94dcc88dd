using Google.Protobuf;
using Grpc.Core;

namespace Karma.TemporalDev.Rpc;

/// <summary>Request message type → handler. Each API area adds its own handlers.</summary>
internal sealed class HandlerMap
{
    private readonly Dictionary<Type, Func<IMessage, ServerCallContext, Task<IMessage>>> handlers = [];

    public void Add<TRequest, TResponse>(Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : IMessage
        where TResponse : IMessage =>
        handlers[typeof(TRequest)] = async (request, call) => await handler((TRequest)request, call);

    public void Add<TRequest, TResponse>(Func<TRequest, TResponse> handler)
        where TRequest : IMessage
        where TResponse : IMessage =>
        handlers[typeof(TRequest)] = (request, _) => Task.FromResult<IMessage>(handler((TRequest)request));

    public Func<IMessage, ServerCallContext, Task<IMessage>>? Find(Type requestType) => handlers.GetValueOrDefault(requestType);
}
