using Karma.Activities.ParameterStore;
using Karma.Core.Ports;

namespace Karma.Activities.Tests.ParameterStore;

/// <summary>
/// The behaviour every <see cref="IParameterStore"/> must share with SSM. Run against the local store and
/// against <see cref="AwsParameterStore"/> on moto, so a difference between them is a failing test.
/// </summary>
public abstract class ParameterStoreContract
{
    // Every test writes below its own root, so tests can share one moto server without resets.
    protected string Root { get; } = $"/contract-{Guid.NewGuid():N}";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The store under test; implementations skip the test when their backend is unavailable.</summary>
    protected abstract IParameterStore Store { get; }

    [Fact]
    public async Task Put_then_get_returns_value_type_and_first_version()
    {
        var name = $"{Root}/vpc/main-vpc/config";
        var version = await Store.PutAsync(new ParameterWrite(name, """{"cidr":"10.0.0.0/16"}"""), Ct);

        var read = await Store.GetAsync(name, withDecryption: false, Ct);

        Assert.Equal(1, version);
        Assert.Equal(name, read.Name);
        Assert.Equal(ParameterType.Text, read.Type);
        Assert.Equal("""{"cidr":"10.0.0.0/16"}""", read.Value);
        Assert.Equal(1, read.Version);
        Assert.True(read.LastModified > DateTimeOffset.UtcNow.AddHours(-1));
    }

    [Fact]
    public async Task Put_of_existing_name_without_overwrite_is_refused_and_keeps_the_value()
    {
        var name = $"{Root}/a";
        await Store.PutAsync(new ParameterWrite(name, "first"), Ct);

        var error = await Assert.ThrowsAsync<ParameterAlreadyExistsException>(() => Store.PutAsync(new ParameterWrite(name, "second"), Ct));

        Assert.Equal(name, error.Name);
        Assert.Equal("first", (await Store.GetAsync(name, false, Ct)).Value);
    }

    [Fact]
    public async Task Put_with_overwrite_bumps_the_version_and_keeps_earlier_versions_readable()
    {
        var name = $"{Root}/a";
        await Store.PutAsync(new ParameterWrite(name, "v1"), Ct);
        var second = await Store.PutAsync(new ParameterWrite(name, "v2", Overwrite: true), Ct);
        var third = await Store.PutAsync(new ParameterWrite(name, "v3", Overwrite: true), Ct);

        Assert.Equal(2, second);
        Assert.Equal(3, third);
        Assert.Equal(("v3", 3L), Pair(await Store.GetAsync(name, false, Ct)));
        Assert.Equal(("v1", 1L), Pair(await Store.GetVersionAsync(name, 1, false, Ct)));
        var v2 = await Store.GetVersionAsync(name, 2, false, Ct);
        Assert.Equal(("v2", 2L), Pair(v2));
        Assert.Equal(name, v2.Name);
    }

    [Fact]
    public async Task The_tier_of_the_current_version_is_read_and_a_missing_parameter_has_none()
    {
        var name = $"{Root}/vpc/main-vpc/config";
        await Store.PutAsync(new ParameterWrite(name, "small", Tier: "Advanced"), Ct);

        Assert.Equal("Advanced", await Store.GetTierAsync(name, Ct));
        Assert.Null(await Store.GetTierAsync($"{Root}/missing", Ct));
    }

    [Fact]
    public async Task Delete_removes_every_version_and_deleting_again_is_not_an_error()
    {
        var name = $"{Root}/vpc/main-vpc/config";
        await Store.PutAsync(new ParameterWrite(name, "v1"), Ct);
        await Store.PutAsync(new ParameterWrite(name, "v2", Overwrite: true), Ct);

        await Store.DeleteAsync(name, Ct);
        await Store.DeleteAsync(name, Ct);

        Assert.Null(await Store.TryGetAsync(name, false, Ct));
        await Assert.ThrowsAsync<ParameterNotFoundException>(() => Store.GetVersionAsync(name, 1, false, Ct));
        Assert.Equal(1, await Store.PutAsync(new ParameterWrite(name, "again"), Ct));
    }

    [Fact]
    public async Task Get_version_that_does_not_exist_is_not_found()
    {
        var name = $"{Root}/a";
        await Store.PutAsync(new ParameterWrite(name, "v1"), Ct);

        var error = await Assert.ThrowsAsync<ParameterNotFoundException>(() => Store.GetVersionAsync(name, 7, false, Ct));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_parameter_is_not_found_and_try_get_returns_null()
    {
        var name = $"{Root}/missing";

        var error = await Assert.ThrowsAsync<ParameterNotFoundException>(() => Store.GetAsync(name, false, Ct));

        Assert.Equal(name, error.Name);
        Assert.Null(await Store.TryGetAsync(name, false, Ct));
    }

    [Fact]
    public async Task Get_by_path_is_recursive_and_excludes_the_path_itself_and_siblings()
    {
        await Store.PutAsync(new ParameterWrite($"{Root}/iac/environment", "{}"), Ct);
        await Store.PutAsync(new ParameterWrite($"{Root}/iac/vpc/main/config", "{}"), Ct);
        await Store.PutAsync(new ParameterWrite($"{Root}/iac/vpc/main/runtime", "{}"), Ct);
        await Store.PutAsync(new ParameterWrite($"{Root}/iacx/other", "{}"), Ct);
        await Store.PutAsync(new ParameterWrite($"{Root}/iac", "{}"), Ct);

        var below = await Store.GetByPathAsync($"{Root}/iac/", false, Ct);

        Assert.Equal(
            [$"{Root}/iac/environment", $"{Root}/iac/vpc/main/config", $"{Root}/iac/vpc/main/runtime"],
            below.Select(p => p.Name));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(57)]
    public async Task Get_by_path_returns_every_page(int count)
    {
        // Spread over several levels so pages mix depths, as a real prefix does.
        var names = Enumerable.Range(0, count).Select(i => $"{Root}/iac/t{i % 4}/n{i:D3}/config").ToList();
        foreach (var name in names)
        {
            await Store.PutAsync(new ParameterWrite(name, $"value-{name}"), Ct);
        }

        var all = await Store.GetByPathAsync($"{Root}/iac", false, Ct);

        Assert.Equal(names.Order(StringComparer.Ordinal), all.Select(p => p.Name));
        Assert.All(all, p => Assert.Equal($"value-{p.Name}", p.Value));
    }

    [Fact]
    public async Task Get_by_path_of_an_empty_prefix_is_empty()
    {
        Assert.Empty(await Store.GetByPathAsync($"{Root}/nothing-here", false, Ct));
    }

    [Fact]
    public async Task SecureString_is_decrypted_only_when_asked_and_never_printed()
    {
        var name = $"{Root}/slack/token";
        const string secret = "xoxb-super-secret-value";
        await Store.PutAsync(new ParameterWrite(name, secret, ParameterType.SecureString), Ct);

        var decrypted = await Store.GetAsync(name, withDecryption: true, Ct);
        var encrypted = await Store.GetAsync(name, withDecryption: false, Ct);
        var byPath = await Store.GetByPathAsync($"{Root}/slack", withDecryption: true, Ct);

        Assert.Equal(secret, decrypted.Value);
        Assert.Equal(ParameterType.SecureString, decrypted.Type);
        Assert.NotEqual(secret, encrypted.Value);
        Assert.Equal(secret, Assert.Single(byPath).Value);
        Assert.DoesNotContain(secret, decrypted.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, new ParameterWrite(name, secret, ParameterType.SecureString).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StringList_keeps_its_type()
    {
        var name = $"{Root}/list";
        await Store.PutAsync(new ParameterWrite(name, "a,b,c", ParameterType.StringList), Ct);

        var read = await Store.GetAsync(name, false, Ct);

        Assert.Equal((ParameterType.StringList, "a,b,c"), (read.Type, read.Value));
    }

    [Theory]
    [InlineData("no-leading-slash")]
    [InlineData("/double//slash")]
    [InlineData("/trailing/")]
    [InlineData("/has space")]
    [InlineData("/has*star")]
    [InlineData("/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p")]
    public async Task Invalid_names_are_refused_on_read_and_write(string name)
    {
        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.PutAsync(new ParameterWrite(name, "x"), Ct));
        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.GetAsync(name, false, Ct));
    }

    [Fact]
    public async Task Names_longer_than_2048_characters_and_reserved_prefixes_are_refused()
    {
        var longName = Root + "/" + new string('a', 2049 - Root.Length);

        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.PutAsync(new ParameterWrite(longName, "x"), Ct));
        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.PutAsync(new ParameterWrite("/aws/reserved", "x"), Ct));
        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.PutAsync(new ParameterWrite("/SSM/reserved", "x"), Ct));
    }

    [Fact]
    public async Task Fifteen_levels_are_allowed()
    {
        var name = Root + string.Concat(Enumerable.Range(0, 14).Select(i => $"/l{i}"));

        Assert.Equal(1, await Store.PutAsync(new ParameterWrite(name, "deep"), Ct));
    }

    [Fact]
    public async Task Value_size_limit_depends_on_the_tier()
    {
        var name = $"{Root}/big";

        Assert.Equal(1, await Store.PutAsync(new ParameterWrite(name, new string('x', 4096)), Ct));
        var tooBig = await Assert.ThrowsAsync<ParameterValueTooLargeException>(
            () => Store.PutAsync(new ParameterWrite(name, new string('x', 4097), Overwrite: true), Ct));
        Assert.Equal(2, await Store.PutAsync(new ParameterWrite(name, new string('y', 8192), Overwrite: true, Tier: "Advanced"), Ct));
        await Assert.ThrowsAsync<ParameterValueTooLargeException>(
            () => Store.PutAsync(new ParameterWrite(name, new string('x', 8193), Overwrite: true, Tier: "Advanced"), Ct));

        Assert.Equal((4097, 4096), (tooBig.SizeInBytes, tooBig.LimitInBytes));
        Assert.DoesNotContain("xxxx", tooBig.Message, StringComparison.Ordinal);
        Assert.Equal(new string('y', 8192), (await Store.GetAsync(name, false, Ct)).Value);
    }

    [Fact]
    public async Task Empty_values_and_unknown_tiers_are_refused()
    {
        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.PutAsync(new ParameterWrite($"{Root}/e", string.Empty), Ct));
        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.PutAsync(new ParameterWrite($"{Root}/e", "x", Tier: "Gold"), Ct));
    }

    [Fact]
    public async Task Only_the_newest_100_versions_are_kept()
    {
        var name = $"{Root}/churn";
        for (var i = 1; i <= 101; i++)
        {
            await Store.PutAsync(new ParameterWrite(name, $"v{i}", Overwrite: true), Ct);
        }

        await Assert.ThrowsAsync<ParameterNotFoundException>(() => Store.GetVersionAsync(name, 1, false, Ct));
        Assert.Equal("v2", (await Store.GetVersionAsync(name, 2, false, Ct)).Value);
        Assert.Equal(("v101", 101L), Pair(await Store.GetAsync(name, false, Ct)));
    }

    [Fact]
    public async Task Get_many_reads_more_than_ten_names_and_reports_the_missing_ones()
    {
        var present = Enumerable.Range(0, 13).Select(i => $"{Root}/many/p{i:D2}").ToList();
        foreach (var name in present)
        {
            await Store.PutAsync(new ParameterWrite(name, name), Ct);
        }

        var missing = new[] { $"{Root}/many/x1", $"{Root}/many/x2" };
        var batch = await ((IParameterBatchReader)Store).GetManyAsync([.. present, .. missing, present[0]], false, Ct);

        Assert.Equal(present, batch.Found.Select(p => p.Name));
        Assert.All(batch.Found, p => Assert.Equal(p.Name, p.Value));
        Assert.Equal(missing, batch.Missing);
    }

    private static (string Value, long Version) Pair(Parameter parameter) => (parameter.Value, parameter.Version);
}
