using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement.Model;
using Karma.Core.Ports;
using CoreAlreadyExists = Karma.Core.Ports.ParameterAlreadyExistsException;
using CoreNotFound = Karma.Core.Ports.ParameterNotFoundException;
using SsmAlreadyExists = Amazon.SimpleSystemsManagement.Model.ParameterAlreadyExistsException;
using SsmNotFound = Amazon.SimpleSystemsManagement.Model.ParameterNotFoundException;

namespace Karma.Activities.ParameterStore;

/// <summary>Turns SDK exceptions into core's typed Parameter Store exceptions with messages a user can act on.</summary>
internal static class SsmErrorTranslator
{
    public static bool IsThrottle(Exception ex) =>
        ex is ThrottlingException or TooManyUpdatesException ||
        ex is AmazonServiceException { ErrorCode: "ThrottlingException" or "Throttling" or "TooManyUpdates" or "RequestLimitExceeded" };

    /// <param name="secretValue">A SecureString value being written; when set, the message from the service is withheld.</param>
    public static Exception Translate(Exception ex, string operation, string? name, string endpoint, string? secretValue = null)
    {
        var subject = name is null ? string.Empty : $" for '{name}'";
        switch (ex)
        {
            case OperationCanceledException:
                return ex;
            case SsmNotFound or ParameterVersionNotFoundException:
                return new CoreNotFound(name ?? "(unknown)");
            case SsmAlreadyExists:
                return new CoreAlreadyExists(name ?? "(unknown)");
            case ParameterMaxVersionLimitExceededException:
                return new ParameterStoreException(
                    $"Parameter '{name}' already has 100 versions and the oldest carries a label, so Parameter Store refuses another write; remove the label first.", ex);
            case HierarchyLevelLimitExceededException:
                return new InvalidParameterException($"Parameter '{name}' is nested too deeply for Parameter Store (at most 15 levels).");
            case ParameterLimitExceededException:
                return new ParameterStoreException("The account's parameter count limit was reached; Parameter Store refuses new parameters.", ex);
        }

        if (IsUnreachable(ex))
        {
            return new ParameterStoreException(
                $"Cannot reach Parameter Store at {endpoint} ({operation}{subject}): {Innermost(ex).Message}. " +
                "Check the endpoint (Karma:ParameterStore:ServiceUrl, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL), the region and the network.",
                ex);
        }

        if (ex is AmazonServiceException service)
        {
            var detail = Scrub(service.Message, secretValue);
            var hint = service.ErrorCode switch
            {
                "AccessDeniedException" or "AccessDenied" or "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException"
                    => " Check the AWS credentials (profile, AWS_ACCESS_KEY_ID, role) and their ssm: permissions.",
                _ => string.Empty,
            };
            return new ParameterStoreException(
                $"Parameter Store {operation}{subject} failed at {endpoint}: {service.ErrorCode ?? service.StatusCode.ToString()}: {detail}.{hint}", ex);
        }

        if (ex is AmazonClientException client)
        {
            return new ParameterStoreException($"Parameter Store client error ({operation}{subject}): {Scrub(client.Message, secretValue)}", ex);
        }

        return ex;
    }

    private static bool IsUnreachable(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception ex)
    {
        var e = ex;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    // Validation messages can quote (part of) the submitted value, so a secret write gets no service text at all.
    private static string Scrub(string message, string? secretValue) =>
        string.IsNullOrEmpty(secretValue) ? message.TrimEnd('.') : "(service message withheld: the request carried a SecureString value)";
}
