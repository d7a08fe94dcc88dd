using Amazon.Runtime;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;
using Karma.Testing;

namespace Karma.Activities.Tests.ParameterStore;

public sealed class AwsParameterStoreContractTests(MotoServer moto) : ParameterStoreContract, IDisposable
{
    private AwsParameterStore? _store;

    protected override IParameterStore Store
    {
        get
        {
            moto.Require();
            return _store ??= MotoStores.Create(moto);
        }
    }

    public void Dispose() => _store?.Dispose();
}

/// <summary>Builds an <see cref="AwsParameterStore"/> pointed at the shared moto server.</summary>
internal static class MotoStores
{
    public static AwsParameterStore Create(MotoServer moto) =>
        AwsParameterStore.Create(new AwsParameterStoreSettings
        {
            ServiceUrl = moto.Endpoint,
            Region = MotoServer.Region,
            Credentials = new BasicAWSCredentials(MotoServer.AccessKeyId, MotoServer.SecretAccessKey),
        });
}
