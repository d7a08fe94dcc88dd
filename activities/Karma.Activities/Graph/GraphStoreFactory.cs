using Karma.Activities.Configuration;
using Karma.Activities.GraphStore;
using Karma.Core.Ports;
using Karma.Gremlin.Neptune;
using Microsoft.Extensions.Logging;

namespace Karma.Activities.Graph;

/// <summary>Creates the configured graph store: the embedded SQLite file (default) or Neptune over Gremlin.</summary>
public static class GraphStoreFactory
{
    public static IGraphStore Create(KarmaConfiguration configuration, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.Options;
        return options.Graph.Provider switch
        {
            GraphProvider.Neptune => NeptuneGraphStore.Create(NeptuneOptions.FromConfiguration(configuration.Configuration), loggerFactory),
            _ => new SqliteGraphStore(options.Graph.Sqlite.Path ?? Path.Combine(options.Home, "graph.db")),
        };
    }
}
