using Karma.Activities.Configuration;
using Karma.Worker;
using Karma.Worker.Api;
using Karma.Worker.Slack;
using Karma.Slack.Configuration;
using Karma.Workflows.Hosting;

// Service mode: the lifecycle worker, the HTTP API (switch off with Karma:Api:Enabled=false) and the in-memory
// graph snapshot, in one host. Listens where ASP.NET Core's settings say (ASPNETCORE_URLS / --urls).
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8080");
}

KarmaConfiguration configuration;
try
{
    configuration = KarmaConfigurationLoader.Load(KarmaConfigurationInput.FromProcess(), KarmaApiSettings.Schema(SlackApprovalsExtensions.Schema()));

    // The worker cannot plan or apply without Terraform settings: say so at start, not at the first change.
    _ = configuration.Options.Terraform.ToTerraformOptions(configuration.Options.Home);
    _ = SlackOptionsLoader.Load(configuration.Configuration);
}
catch (Exception e) when (e is KarmaConfigurationException or SlackConfigurationException)
{
    await Console.Error.WriteLineAsync($"karma worker: {e.Message}");
    return 2;
}

ServiceLogging.Configure(builder.Logging);
using var loggers = LoggerFactory.Create(logging => ServiceLogging.Configure(logging));
Temporalio.Client.ITemporalClient temporal;
IAsyncDisposable? embeddedServer;
Karma.Worker.TemporalUiLocation? temporalUi;
try
{
    (temporal, embeddedServer, temporalUi) = await TemporalConnection.ConnectAsync(configuration, loggers, CancellationToken.None);
}
catch (KarmaConfigurationException e)
{
    await Console.Error.WriteLineAsync($"karma worker: {e.Message}");
    return 2;
}
catch (TemporalConnectionException e)
{
    await Console.Error.WriteLineAsync($"karma worker: {e.Message}");
    return 3;
}

await using (embeddedServer)
{
    if (temporalUi is not null)
    {
        builder.Services.AddSingleton(temporalUi);
    }

    builder.Services.AddKarmaService(configuration, temporal);
    var app = builder.Build();
    app.MapKarmaService();
    await app.RunAsync();
}

return 0;
