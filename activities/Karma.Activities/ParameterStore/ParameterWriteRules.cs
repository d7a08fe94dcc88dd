using System.Text;
using Karma.Core.Ports;

namespace Karma.Activities.ParameterStore;

/// <summary>Checks a write before it is sent: name, tier, and the tier's value size limit (moto does not enforce it).</summary>
public static class ParameterWriteRules
{
    public const int StandardLimitBytes = 4096;

    public const int AdvancedLimitBytes = 8192;

    public const string Standard = "Standard";

    public const string Advanced = "Advanced";

    public const string IntelligentTiering = "Intelligent-Tiering";

    /// <summary>Returns the canonical tier name. Throws <see cref="ParameterStoreException"/> subclasses naming the problem.</summary>
    public static string Validate(ParameterWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ParameterNameRules.ValidateNameForWrite(write.Name);
        var tier = CanonicalTier(write.Tier);
        if (string.IsNullOrEmpty(write.Value))
        {
            throw new InvalidParameterException($"Parameter '{write.Name}' value is empty; Parameter Store requires at least one character.");
        }

        var size = Encoding.UTF8.GetByteCount(write.Value);
        // Intelligent-Tiering promotes to Advanced when the value needs it, so its ceiling is the Advanced one.
        var limit = tier == Standard ? StandardLimitBytes : AdvancedLimitBytes;
        if (size > limit)
        {
            throw new ParameterValueTooLargeException(write.Name, tier, size, limit);
        }

        return tier;
    }

    public static string CanonicalTier(string? tier)
    {
        if (string.IsNullOrWhiteSpace(tier) || tier.Equals(Standard, StringComparison.OrdinalIgnoreCase))
        {
            return Standard;
        }

        if (tier.Equals(Advanced, StringComparison.OrdinalIgnoreCase))
        {
            return Advanced;
        }

        if (tier.Equals(IntelligentTiering, StringComparison.OrdinalIgnoreCase))
        {
            return IntelligentTiering;
        }

        throw new InvalidParameterException($"Parameter tier '{tier}' is unknown; use Standard, Advanced or Intelligent-Tiering.");
    }
}
