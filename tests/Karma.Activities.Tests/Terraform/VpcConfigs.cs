namespace Karma.Activities.Tests.Terraform;

/// <summary>Config JSON for the offline vpc example module.</summary>
internal static class VpcConfigs
{
    public const string WithNat = """{"cidr_block":"10.0.0.0/16","azs":["us-east-1a","us-east-1b"],"enable_nat_gateway":true}""";

    public const string WithoutNat = """{"cidr_block":"10.0.0.0/16","azs":["us-east-1a","us-east-1b"],"enable_nat_gateway":false}""";

    public const string OtherCidr = """{"cidr_block":"10.20.0.0/16","azs":["us-east-1a","us-east-1b"],"enable_nat_gateway":true}""";

    /// <summary>vpc, 2 public subnets, 2 private subnets, NAT gateway, default security group.</summary>
    public const int ResourceCount = 7;
}
