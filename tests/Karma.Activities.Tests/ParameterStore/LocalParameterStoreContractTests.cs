using Karma.Activities.ParameterStore;
using Karma.Core.Ports;
using Karma.Testing;

namespace Karma.Activities.Tests.ParameterStore;

public sealed class LocalParameterStoreContractTests : ParameterStoreContract, IDisposable
{
    private readonly TempDirectory _home = new("karma-local-ssm");
    private readonly LocalParameterStore _store;

    public LocalParameterStoreContractTests() => _store = LocalParameterStore.InHome(_home.Path);

    protected override IParameterStore Store => _store;

    public void Dispose()
    {
        _store.Dispose();
        _home.Dispose();
    }
}
