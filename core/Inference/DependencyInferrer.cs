using System.Text.Json;
using Karma.Core.Model;

namespace Karma.Core.Inference;

/// <summary>
/// Finds the providers a consumer's config refers to. The rules are documented in docs/dependency-inference.md;
/// this class is their single implementation.
/// </summary>
public static class DependencyInferrer
{
    public const string DependsOnProperty = "depends_on";
    public const string RuntimeKeysProperty = "runtime_keys";
    public const string NicknameSuffix = "_nickname";
    public const string RuntimePathSuffix = "_runtime_path";
    public const string RuntimeKeysSuffix = "_runtime_keys";
    public const string SourceTypeProperty = "src_type";
    public const string SourceNicknameProperty = "src_nickname";

    /// <summary>Infers the references in <paramref name="config"/>, the parsed config of <paramref name="consumer"/>.</summary>
    public static ConfigReferences Infer(ComponentId consumer, JsonElement config, ProviderTypeAliases aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        var walk = new Walk(consumer, aliases);
        if (config.ValueKind == JsonValueKind.Object)
        {
            walk.ReadDependsOn(config);
            walk.ReadTopLevelRuntimeKeys(config);
        }

        walk.Visit(config, JsonPathNotation.Root);
        return new ConfigReferences(walk.References, walk.KeyReads, walk.Problems);
    }

    /// <summary>Parses a <c>&lt;prefix&gt;/&lt;type&gt;/&lt;nickname&gt;/runtime</c> path (any prefix, including none).</summary>
    public static bool TryParseRuntimePath(string path, out ComponentId provider)
    {
        provider = default;
        if (!path.StartsWith('/') || !path.EndsWith("/runtime", StringComparison.Ordinal))
        {
            return false;
        }

        var segments = path.Split('/');

        // segments[0] is the empty string before the leading '/'; the last three are type, nickname, "runtime".
        if (segments.Length < 4 || segments.Skip(1).Any(string.IsNullOrEmpty))
        {
            return false;
        }

        var type = segments[^3];
        var nickname = segments[^2];
        if (!ComponentId.IsValidSegment(type) || !ComponentId.IsValidSegment(nickname))
        {
            return false;
        }

        provider = new ComponentId(type, nickname);
        return true;
    }

    private sealed class Walk(ComponentId consumer, ProviderTypeAliases aliases)
    {
        public List<InferredReference> References { get; } = [];

        public List<RuntimeKeyRead> KeyReads { get; } = [];

        public List<ReferenceProblem> Problems { get; } = [];

        public void ReadDependsOn(JsonElement root)
        {
            if (!root.TryGetProperty(DependsOnProperty, out var list))
            {
                return;
            }

            var listPath = JsonPathNotation.Property(JsonPathNotation.Root, DependsOnProperty);
            if (list.ValueKind != JsonValueKind.Array)
            {
                Problem(listPath, $"'{DependsOnProperty}' must be an array of \"<type>/<nickname>\" strings, not {Describe(list)}.");
                return;
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var itemPath = JsonPathNotation.Index(listPath, index++);
                if (item.ValueKind == JsonValueKind.String && ComponentId.TryParse(item.GetString(), out var provider))
                {
                    References.Add(new InferredReference(consumer, provider, ReferenceRule.DependsOnList, itemPath));
                }
                else
                {
                    Problem(itemPath, $"'{DependsOnProperty}' entries must be \"<type>/<nickname>\" strings; found {Describe(item)}.");
                }
            }
        }

        public void ReadTopLevelRuntimeKeys(JsonElement root)
        {
            if (!root.TryGetProperty(RuntimeKeysProperty, out var map))
            {
                return;
            }

            var mapPath = JsonPathNotation.Property(JsonPathNotation.Root, RuntimeKeysProperty);
            if (map.ValueKind != JsonValueKind.Object)
            {
                Problem(mapPath, $"'{RuntimeKeysProperty}' must be an object mapping \"<type>/<nickname>\" to an array of runtime keys, not {Describe(map)}.");
                return;
            }

            foreach (var entry in map.EnumerateObject())
            {
                var entryPath = JsonPathNotation.Property(mapPath, entry.Name);
                if (!ComponentId.TryParse(entry.Name, out var provider))
                {
                    Problem(entryPath, $"'{entry.Name}' in '{RuntimeKeysProperty}' is not a \"<type>/<nickname>\" component id.");
                    continue;
                }

                ReadKeyList(provider, entry.Value, entryPath);
            }
        }

        public void Visit(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        Visit(item, JsonPathNotation.Index(path, index));
                    }

                    index++;
                }

                return;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            // Bases (the part before _nickname / _runtime_path) referenced in this object, for *_runtime_keys siblings.
            Dictionary<string, ComponentId>? bases = null;
            List<JsonProperty>? keyLists = null;

            foreach (var property in element.EnumerateObject())
            {
                var name = property.Name;
                var value = property.Value;
                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    if (path == JsonPathNotation.Root && name == RuntimeKeysProperty)
                    {
                        continue; // Read by ReadTopLevelRuntimeKeys; its keys are ids, not references.
                    }

                    if (name.EndsWith(RuntimeKeysSuffix, StringComparison.Ordinal) && name.Length > RuntimeKeysSuffix.Length)
                    {
                        (keyLists ??= []).Add(property);
                        continue;
                    }

                    Visit(value, JsonPathNotation.Property(path, name));
                    continue;
                }

                if (name.EndsWith(RuntimeKeysSuffix, StringComparison.Ordinal) && name.Length > RuntimeKeysSuffix.Length)
                {
                    (keyLists ??= []).Add(property);
                }
                else if (name.EndsWith(NicknameSuffix, StringComparison.Ordinal) && name.Length > NicknameSuffix.Length && name != SourceNicknameProperty)
                {
                    var prefix = name[..^NicknameSuffix.Length];
                    if (TypedNickname(prefix, value, JsonPathNotation.Property(path, name)) is { } provider)
                    {
                        (bases ??= new(StringComparer.Ordinal))[prefix] = provider;
                    }
                }
                else if (name.EndsWith(RuntimePathSuffix, StringComparison.Ordinal) && name.Length > RuntimePathSuffix.Length)
                {
                    if (RuntimePath(value, JsonPathNotation.Property(path, name)) is { } provider)
                    {
                        (bases ??= new(StringComparer.Ordinal))[name[..^RuntimePathSuffix.Length]] = provider;
                    }
                }
            }

            if (SourcePair(element, path) is { } source)
            {
                (bases ??= new(StringComparer.Ordinal))["src"] = source;
            }

            foreach (var keyList in keyLists ?? [])
            {
                var keyPath = JsonPathNotation.Property(path, keyList.Name);
                var keyBase = keyList.Name[..^RuntimeKeysSuffix.Length];
                if (bases is not null && bases.TryGetValue(keyBase, out var provider))
                {
                    ReadKeyList(provider, keyList.Value, keyPath);
                }
                else
                {
                    Problem(keyPath, $"'{keyList.Name}' names no reference: this object has no '{keyBase}{NicknameSuffix}' or '{keyBase}{RuntimePathSuffix}'.");
                }
            }
        }

        private ComponentId? TypedNickname(string prefix, JsonElement value, string path)
        {
            if (!TryGetReferenceString(value, path, out var nickname))
            {
                return null;
            }

            var type = aliases.Resolve(prefix);
            if (!ComponentId.IsValidSegment(type) || !ComponentId.IsValidSegment(nickname))
            {
                Problem(path, $"'{nickname}' does not name a component: '{type}/{nickname}' is not a valid component id.");
                return null;
            }

            var provider = new ComponentId(type, nickname);
            References.Add(new InferredReference(consumer, provider, ReferenceRule.TypedNickname, path));
            return provider;
        }

        private ComponentId? RuntimePath(JsonElement value, string path)
        {
            if (!TryGetReferenceString(value, path, out var runtimePath))
            {
                return null;
            }

            if (!TryParseRuntimePath(runtimePath, out var provider))
            {
                Problem(path, $"'{runtimePath}' is not a runtime path of the form '<prefix>/<type>/<nickname>/runtime'.");
                return null;
            }

            References.Add(new InferredReference(consumer, provider, ReferenceRule.RuntimePath, path));
            return provider;
        }

        private ComponentId? SourcePair(JsonElement element, string path)
        {
            var hasType = element.TryGetProperty(SourceTypeProperty, out var typeValue);
            var hasNickname = element.TryGetProperty(SourceNicknameProperty, out var nicknameValue);
            if (!hasType && !hasNickname)
            {
                return null;
            }

            var nicknamePath = JsonPathNotation.Property(path, SourceNicknameProperty);
            if (hasType != hasNickname)
            {
                var (present, missing) = hasType ? (SourceTypeProperty, SourceNicknameProperty) : (SourceNicknameProperty, SourceTypeProperty);
                Problem(JsonPathNotation.Property(path, present), $"'{present}' needs '{missing}' in the same object to name a provider.");
                return null;
            }

            if (typeValue.ValueKind == JsonValueKind.Null || nicknameValue.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (typeValue.ValueKind != JsonValueKind.String || nicknameValue.ValueKind != JsonValueKind.String)
            {
                Problem(nicknamePath, $"'{SourceTypeProperty}' and '{SourceNicknameProperty}' must both be strings.");
                return null;
            }

            var type = typeValue.GetString()!;
            var nickname = nicknameValue.GetString()!;
            if (type.Length == 0 && nickname.Length == 0)
            {
                return null;
            }

            if (!ComponentId.IsValidSegment(type) || !ComponentId.IsValidSegment(nickname))
            {
                Problem(nicknamePath, $"'{type}/{nickname}' (from '{SourceTypeProperty}' and '{SourceNicknameProperty}') is not a valid component id.");
                return null;
            }

            var provider = new ComponentId(type, nickname);
            References.Add(new InferredReference(consumer, provider, ReferenceRule.SourcePair, nicknamePath));
            return provider;
        }

        private void ReadKeyList(ComponentId provider, JsonElement list, string path)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                Problem(path, $"runtime keys must be an array of strings, not {Describe(list)}.");
                return;
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var itemPath = JsonPathNotation.Index(path, index++);
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } key)
                {
                    KeyReads.Add(new RuntimeKeyRead(consumer, provider, key, itemPath));
                }
                else
                {
                    Problem(itemPath, $"runtime keys must be non-empty strings; found {Describe(item)}.");
                }
            }
        }

        // null and "" mean "not set" (configs keep optional references that way); other non-strings are mistakes.
        private bool TryGetReferenceString(JsonElement value, string path, out string text)
        {
            text = string.Empty;
            if (value.ValueKind == JsonValueKind.Null)
            {
                return false;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Problem(path, $"a reference must be a string, not {Describe(value)}.");
                return false;
            }

            text = value.GetString()!;
            return text.Length > 0;
        }

        private void Problem(string path, string message) => Problems.Add(new ReferenceProblem(consumer, path, message));

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{value.GetString()}\"",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.Number => $"the number {value.GetRawText()}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
            _ => "null",
        };
    }
}
