using System.Text;
using Karma.Slack.Configuration;
using Karma.Slack.Interactions;
using Karma.Slack.Logging;
using Karma.Slack.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Karma.Slack.Hosting;

/// <summary>
/// <c>POST /slack/interactions</c>: reads the raw body (the signature covers the exact bytes), verifies
/// it, answers at once, and leaves the work to <see cref="SlackInteractionWorker"/> through the inbox.
/// </summary>
public static class SlackInteractionEndpoint
{
    public const string DefaultPattern = "/slack/interactions";

    public static IEndpointConventionBuilder MapSlackInteractions(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Resolved now so a missing signing secret stops the host at startup, naming the setting,
        // instead of failing every click later.
        endpoints.ServiceProvider.GetRequiredService<SlackRequestVerifier>();
        return endpoints.MapPost(pattern, HandleAsync);
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<SlackOptions>();
        var verifier = services.GetRequiredService<SlackRequestVerifier>();
        var inbox = services.GetRequiredService<SlackInteractionInbox>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackInteractionEndpoint).FullName!);

        var body = await ReadBodyAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            SlackLog.RequestRefused(logger, "body too large");
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var verdict = verifier.Verify(
            context.Request.Headers[SlackRequestVerifier.TimestampHeader].ToString(),
            context.Request.Headers[SlackRequestVerifier.SignatureHeader].ToString(),
            body);
        if (verdict != SlackVerificationResult.Valid)
        {
            SlackLog.RequestRefused(logger, verdict.ToString());
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync(verdict.ToString(), context.RequestAborted);
            return;
        }

        SlackInteraction interaction;
        try
        {
            interaction = SlackInteractionParser.ParseForm(Encoding.UTF8.GetString(body));
        }
        catch (SlackPayloadException ex)
        {
            SlackLog.MalformedInteraction(logger, ex.Message);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(ex.Message, context.RequestAborted);
            return;
        }

        var ack = SlackInteractionHandler.Acknowledge(interaction);
        if (ack.HasWork && !inbox.TryEnqueue(interaction))
        {
            SlackLog.QueueFull(logger);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        if (ack.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(ack.Body.ToJsonString(), context.RequestAborted);
        }
    }

    /// <summary>The exact request bytes, or null when they exceed <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
