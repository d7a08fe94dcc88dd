using System.Net;
using System.Net.Sockets;

namespace Karma.TemporalDev.Hosting;

/// <summary>Which port an embedded server's Web UI gets when none was asked for.</summary>
public static class UiPort
{
    /// <summary>The Web UI's port beside gRPC's 7233, as <c>temporal server start-dev</c> has it.</summary>
    public const int Default = 8233;

    /// <summary>
    /// 8233 when it is free on <paramref name="host"/>, else 0 (any free port): a second embedded server on the
    /// machine (another KARMA_HOME, a test run) still gets a UI instead of failing to start.
    /// </summary>
    public static int DefaultOrFree(string host = "127.0.0.1")
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Parse(host), Default);
            probe.Start();
            return Default;
        }
        catch (SocketException)
        {
            return 0;
        }
    }
}
