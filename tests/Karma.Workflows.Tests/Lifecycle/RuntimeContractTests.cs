using Karma.Core.Lifecycle;
using Karma.Core.Model;

namespace Karma.Workflows.Tests.Lifecycle;

public sealed class RuntimeContractTests
{
    private static readonly ComponentId Vpc = new("vpc", "main-vpc");
    private static readonly ComponentId Cluster = new("ecs-cluster", "main");
    private static readonly ComponentId Service = new("ecs-service", "api");

    [Fact]
    public void Removing_a_consumed_key_names_the_dependents_and_keys()
    {
        var broken = RuntimeContract.BrokenBy(
            ["vpc_id"],
            [new ConsumedKeys(Cluster, Vpc, ["vpc_id", "private_subnet_ids"]), new ConsumedKeys(Service, Vpc, ["vpc_id"])]);

        var only = Assert.Single(broken);
        Assert.Equal(Cluster, only.Consumer);
        Assert.Equal(["private_subnet_ids"], only.MissingKeys);
        Assert.Equal("ecs-cluster/main reads private_subnet_ids", only.ToString());
    }

    [Fact]
    public void Changed_keys_include_changed_added_and_removed_values()
    {
        var changed = RuntimeContract.ChangedKeys(
            """{"vpc_id":"vpc-1","cidr":"10.0.0.0/16","gone":1,"same":[1,2]}""",
            """{"vpc_id":"vpc-2","cidr":"10.0.0.0/16","new":true,"same":[1,2]}""");

        Assert.Equal(["gone", "new", "vpc_id"], changed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Runtime_that_is_not_an_object_is_a_clear_error()
    {
        var e = Assert.Throws<FormatException>(() => RuntimeContract.Keys("[1]"));

        Assert.Contains("must be an object", e.Message, StringComparison.Ordinal);
    }
}
