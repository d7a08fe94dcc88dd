namespace Karma.Gremlin.Tests.Peer;

/// <summary>A scripted reaction of the peer to the next request (instead of running it on the in-memory graph).</summary>
internal abstract record PeerAction
{
    public static PeerAction Status(int code, string message = "", Dictionary<object, object?>? attributes = null) =>
        new StatusAction(code, message, attributes ?? []);

    /// <summary>Neptune's error shape: status 500 with a JSON message carrying the exception's code.</summary>
    public static PeerAction NeptuneError(string code) =>
        new StatusAction(500, $$"""{"requestId":"x","code":"{{code}}","detailedMessage":"{{code}} raised"}""", []);

    public static PeerAction DropConnection() => new DropAction();

    /// <summary>Never answer the request (a hung server), leaving the connection open.</summary>
    public static PeerAction NoReply() => new NoReplyAction();
}

internal sealed record StatusAction(int Code, string Message, Dictionary<object, object?> Attributes) : PeerAction;

internal sealed record DropAction : PeerAction;

internal sealed record NoReplyAction : PeerAction;
