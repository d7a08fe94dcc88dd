using Karma.Core.Ports;
using SsmType = Amazon.SimpleSystemsManagement.ParameterType;

namespace Karma.Activities.ParameterStore;

/// <summary>Maps core's parameter types to SSM's wire names ('String', 'StringList', 'SecureString') and back.</summary>
public static class SsmParameterTypes
{
    public static string ToWire(ParameterType type) => type switch
    {
        ParameterType.Text => SsmType.String.Value,
        ParameterType.StringList => SsmType.StringList.Value,
        ParameterType.SecureString => SsmType.SecureString.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown parameter type."),
    };

    public static ParameterType FromWire(string? type) => type switch
    {
        "StringList" => ParameterType.StringList,
        "SecureString" => ParameterType.SecureString,
        _ => ParameterType.Text,
    };
}
