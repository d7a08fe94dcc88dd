using Karma.Activities.Configuration;
using Karma.Core.Ports;
using Microsoft.Extensions.Logging;

namespace Karma.Activities.ParameterStore;

/// <summary>Creates the Parameter Store chosen by <c>Karma:ParameterStore:Provider</c>.</summary>
public static class ParameterStoreFactory
{
    /// <summary>The store for <paramref name="options"/>; dispose it (both implementations are <see cref="IDisposable"/>).</summary>
    public static IParameterStore Create(KarmaOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.ParameterStore;
        return settings.Provider switch
        {
            ParameterStoreProvider.Aws => AwsParameterStore.Create(
                new AwsParameterStoreSettings { Region = settings.Region, ServiceUrl = settings.ServiceUrl },
                logger),
            _ => new LocalParameterStore(settings.LocalPath ?? Path.Combine(options.Home, LocalParameterStore.DefaultFileName)),
        };
    }
}
