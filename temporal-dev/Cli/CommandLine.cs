using System.Globalization;
using Karma.TemporalDev.Hosting;

namespace Karma.TemporalDev.Cli;

/// <summary>Parses <c>karma-temporal-dev [--port N] [--ui-port N | --no-ui] [--db PATH | --ephemeral] [--namespace NAME]... [--tls-cert …] [--api-key KEY] [--verbose]</c>.</summary>
public static class CommandLine
{
    public const string Usage = """
        usage: karma-temporal-dev [--port N] [--ui-port N | --no-ui] [--db PATH | --ephemeral] [--namespace NAME]...
                                  [--tls-cert PEM --tls-key PEM [--tls-client-ca PEM]] [--api-key KEY] [--verbose]
          --port N          port on 127.0.0.1 (default 7233; 0 = any free port)
          --ui-port N       port of the Temporal Web UI and the HTTP API /api/v1 (default 8233; 0 = any free port)
          --no-ui           serve neither the Web UI nor the HTTP API
          --db PATH         SQLite database (default $KARMA_HOME/temporal-dev.db, KARMA_HOME defaults to ~/.karma)
          --ephemeral       keep everything in memory
          --namespace NAME  create this namespace if missing (repeatable; "default" always exists)
          --tls-cert PEM    serve TLS with this certificate (with --tls-key)
          --tls-key PEM     the certificate's private key
          --tls-client-ca PEM  require client certificates issued by this CA (mTLS)
          --api-key KEY     require "authorization: Bearer KEY" on every call
          --verbose         log server internals to stderr
        """;

    public static (TemporalDevServerOptions Options, bool Verbose) Parse(IReadOnlyList<string> args)
    {
        var options = new TemporalDevServerOptions { UiPort = UiPort.Default };
        var noUi = false;
        var uiPortGiven = false;
        var namespaces = new List<string>();
        var verbose = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--port":
                    options.Port = PortValue(args, ref i, arg);
                    break;
                case "--ui-port":
                    options.UiPort = PortValue(args, ref i, arg);
                    uiPortGiven = true;
                    break;
                case "--no-ui":
                    noUi = true;
                    break;
                case "--db":
                    options.DbPath = Value(args, ref i, arg);
                    break;
                case "--ephemeral":
                    options.Ephemeral = true;
                    break;
                case "--namespace":
                    var ns = Value(args, ref i, arg);
                    if (string.IsNullOrWhiteSpace(ns))
                    {
                        throw new CommandLineException("--namespace expects a non-empty name.");
                    }

                    namespaces.Add(ns);
                    break;
                case "--tls-cert":
                    options.TlsCertPath = ExistingFile(args, ref i, arg);
                    break;
                case "--tls-key":
                    options.TlsKeyPath = ExistingFile(args, ref i, arg);
                    break;
                case "--tls-client-ca":
                    options.TlsClientCaPath = ExistingFile(args, ref i, arg);
                    break;
                case "--api-key":
                    options.ApiKey = Value(args, ref i, arg);
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                default:
                    throw new CommandLineException($"Unknown argument '{arg}'.");
            }
        }

        if (options.Ephemeral && options.DbPath is not null)
        {
            throw new CommandLineException("--db and --ephemeral exclude each other.");
        }

        if (noUi && uiPortGiven)
        {
            throw new CommandLineException("--ui-port and --no-ui exclude each other.");
        }

        if (noUi)
        {
            options.UiPort = null;
        }

        if ((options.TlsCertPath is null) != (options.TlsKeyPath is null))
        {
            throw new CommandLineException("--tls-cert and --tls-key go together.");
        }

        if (options.TlsClientCaPath is not null && options.TlsCertPath is null)
        {
            throw new CommandLineException("--tls-client-ca needs --tls-cert and --tls-key (client certificates are checked over TLS).");
        }

        // Like the embedded servers: the default UI port yields to whoever holds it; an asked-for port does not.
        options.UiPortFallback = !uiPortGiven;
        options.Namespaces = namespaces;
        return (options, verbose);
    }

    private static int PortValue(IReadOnlyList<string> args, ref int i, string name)
    {
        var text = Value(args, ref i, name);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new CommandLineException($"{name} expects a number between 0 and 65535, got '{text}'.");
        }

        return port;
    }

    private static string ExistingFile(IReadOnlyList<string> args, ref int i, string name)
    {
        var path = Value(args, ref i, name);
        return File.Exists(path) ? Path.GetFullPath(path) : throw new CommandLineException($"{name}: file '{path}' does not exist.");
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CommandLineException($"{name} expects a value.");
        }

        return args[++i];
    }
}
