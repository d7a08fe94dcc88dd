using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace Karma.Activities.Configuration;

/// <summary>
/// Which keys exist below <c>Karma</c> and what values they take, derived from the options types by reflection
/// (<see cref="KarmaOptions"/> by default). Hosts that bind a section to a richer type of their own (e.g. the
/// CLI with Karma.Slack's SlackOptions) register it with <see cref="WithSection"/> so the schema follows that type.
/// </summary>
public sealed class KarmaConfigurationSchema
{
    private readonly Type _root;
    private readonly Dictionary<string, Type> _sections;

    private KarmaConfigurationSchema(Type root, Dictionary<string, Type> sections)
    {
        _root = root;
        _sections = sections;
    }

    public static KarmaConfigurationSchema Default { get; } = new(typeof(KarmaOptions), new(StringComparer.OrdinalIgnoreCase));

    /// <summary>A schema where the section at <paramref name="path"/> (below Karma, e.g. "Slack" or "Graph:Neptune") has the keys of <paramref name="type"/>.</summary>
    public KarmaConfigurationSchema WithSection(string path, Type type)
    {
        var sections = new Dictionary<string, Type>(_sections, StringComparer.OrdinalIgnoreCase) { [path.Trim(':')] = type };
        return new KarmaConfigurationSchema(_root, sections);
    }

    /// <summary>Throws <see cref="KarmaConfigurationException"/> when <paramref name="key"/> is unknown or <paramref name="value"/> does not fit its type.</summary>
    public void Validate(string key, string? value, string source)
    {
        var segments = key.Split(':');
        if (!segments[0].Equals(KarmaOptions.SectionName, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var type = _root;
        var path = string.Empty;
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (IsScalar(type))
            {
                throw new KarmaConfigurationException(key, source, $"'{string.Join(':', segments[..i])}' is a single value, not a section.");
            }

            if (DictionaryValueType(type) is { } valueType)
            {
                type = valueType;
            }
            else if (ListItemType(type) is { } itemType)
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw new KarmaConfigurationException(key, source, $"'{string.Join(':', segments[..i])}' is a list; '{segment}' is not an index.");
                }

                type = itemType;
            }
            else
            {
                var property = FindProperty(type, segment)
                    ?? throw new KarmaConfigurationException(
                        key,
                        source,
                        $"unknown key '{segment}'. Known keys here: {string.Join(", ", Properties(type).Select(p => p.Name))}.");
                type = property.PropertyType;
            }

            path = path.Length == 0 ? segment : $"{path}:{segment}";
            if (_sections.TryGetValue(path, out var registered))
            {
                type = registered;
            }
        }

        if (value is null)
        {
            return;
        }

        if (!IsScalar(type))
        {
            throw new KarmaConfigurationException(key, source, "this is a section; set the keys inside it instead of a value.");
        }

        CheckValue(key, value, source, type);
    }

    private static void CheckValue(string key, string value, string source, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return;
        }

        if (value.Length == 0)
        {
            if (Nullable.GetUnderlyingType(type) is not null)
            {
                return;
            }

            throw new KarmaConfigurationException(key, source, $"an empty value is not a valid {Describe(target)}.");
        }

        object? converted;
        try
        {
            converted = TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            converted = null;
        }

        if (converted is null || (target.IsEnum && !Enum.IsDefined(target, converted)) || (target.IsEnum && value.Trim() is { Length: > 0 } trimmed && char.IsAsciiDigit(trimmed[0])))
        {
            throw new KarmaConfigurationException(key, source, $"'{Shorten(value)}' is not a valid {Describe(target)}.");
        }
    }

    private static string Describe(Type type) => type switch
    {
        _ when type.IsEnum => $"value; use one of: {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}",
        _ when type == typeof(bool) => "boolean (true or false)",
        _ when type == typeof(int) || type == typeof(long) => "whole number",
        _ when type == typeof(TimeSpan) => "duration (hh:mm:ss)",
        _ => type.Name,
    };

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";

    private static bool IsScalar(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsPrimitive || target.IsEnum || target == typeof(string) || target == typeof(decimal) ||
               target == typeof(TimeSpan) || target == typeof(Uri) || target == typeof(DateTimeOffset) || target == typeof(Guid);
    }

    private static Type? DictionaryValueType(Type type) =>
        GenericArgument(type, typeof(IDictionary<,>), 1) ?? GenericArgument(type, typeof(IReadOnlyDictionary<,>), 1);

    private static Type? ListItemType(Type type) =>
        type.IsArray ? type.GetElementType() : GenericArgument(type, typeof(IEnumerable<>), 0);

    private static Type? GenericArgument(Type type, Type openInterface, int index)
    {
        var candidates = type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();
        return candidates.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)?.GetGenericArguments()[index];
    }

    private static PropertyInfo? FindProperty(Type type, string name) =>
        Properties(type).FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    // What the binder can fill: settable properties, and get-only ones holding a collection or section object.
    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.SetMethod?.IsPublic == true || !IsScalar(p.PropertyType)));
}
