using System.Globalization;
using Karma.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Karma.Activities.ParameterStore;

/// <summary>
/// An embedded <see cref="IParameterStore"/> with SSM semantics in one SQLite file (default
/// <c>KARMA_HOME/parameters.db</c>). WAL mode and a busy timeout let several processes (CLI, worker)
/// use the same file at once; every write runs in an immediate transaction so versions never collide.
/// SecureString values are stored as given: this store is for a developer's machine, not a vault.
/// </summary>
public sealed class LocalParameterStore : IParameterStore, IParameterBatchReader, IParameterFingerprint, IDisposable
{
    public const string DefaultFileName = "parameters.db";

    /// <summary>Like SSM: the newest 100 versions of each parameter are kept.</summary>
    public const int MaxVersions = 100;

    // What a SecureString reads as without decryption: never the value, recognisably not a real one.
    public const string EncryptedPlaceholder = "(encrypted: read with decryption to see the value)";

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public LocalParameterStore(string databasePath, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _time = time ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout: this is the wait for another process's write.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    /// <summary>The store at <c>&lt;karmaHome&gt;/parameters.db</c>.</summary>
    public static LocalParameterStore InHome(string karmaHome) => new(Path.Combine(karmaHome, DefaultFileName));

    public async Task<Parameter> GetAsync(string name, bool withDecryption, CancellationToken cancellationToken) =>
        await TryGetAsync(name, withDecryption, cancellationToken) ?? throw new ParameterNotFoundException(name);

    public async Task<Parameter?> TryGetAsync(string name, bool withDecryption, CancellationToken cancellationToken)
    {
        ParameterNameRules.ValidateName(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, type, value, version, modified FROM parameters WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return await ReadOneAsync(command, withDecryption, cancellationToken);
    }

    public async Task<Parameter> GetVersionAsync(string name, long version, bool withDecryption, CancellationToken cancellationToken)
    {
        ParameterNameRules.ValidateName(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, type, value, version, modified FROM parameter_versions WHERE name = $name AND version = $version";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$version", version);
        return await ReadOneAsync(command, withDecryption, cancellationToken)
            ?? throw new ParameterNotFoundException($"{name}:{version}");
    }

    public async Task<IReadOnlyList<Parameter>> GetByPathAsync(string path, bool withDecryption, CancellationToken cancellationToken)
    {
        var normalized = ParameterNameRules.NormalizePath(path);
        // Everything strictly below the path: names in ['/a/', '/a0'), since '0' is the character after '/'.
        var low = normalized == "/" ? "/" : normalized + "/";
        var high = low[..^1] + "0";
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT name, type, value, version, modified FROM parameters WHERE name >= $low AND name < $high ORDER BY name";
        command.Parameters.AddWithValue("$low", low);
        command.Parameters.AddWithValue("$high", high);
        return await ReadAllAsync(command, withDecryption, cancellationToken);
    }

    public async Task<string> FingerprintAsync(string path, CancellationToken cancellationToken)
    {
        var normalized = ParameterNameRules.NormalizePath(path);
        var low = normalized == "/" ? "/" : normalized + "/";
        var high = low[..^1] + "0";
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Every put bumps a version and stamps the newest modified time; parameters are never deleted here. So the
        // count, the sum of versions and the newest time change with any write below the path.
        command.CommandText =
            "SELECT count(*), total(version), coalesce(max(modified), '') FROM parameters WHERE name >= $low AND name < $high";
        command.Parameters.AddWithValue("$low", low);
        command.Parameters.AddWithValue("$high", high);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"local:{reader.GetInt64(0)}:{reader.GetDouble(1):R}:{reader.GetString(2)}");
    }

    public async Task<ParameterBatch> GetManyAsync(IEnumerable<string> names, bool withDecryption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        distinct.ForEach(ParameterNameRules.ValidateName);
        var found = new List<Parameter>();
        foreach (var name in distinct)
        {
            if (await TryGetAsync(name, withDecryption, cancellationToken) is { } parameter)
            {
                found.Add(parameter);
            }
        }

        var foundNames = found.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        found.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ParameterBatch(found, [.. distinct.Where(n => !foundNames.Contains(n)).Order(StringComparer.Ordinal)]);
    }

    public async Task<long> PutAsync(ParameterWrite write, CancellationToken cancellationToken)
    {
        var tier = ParameterWriteRules.Validate(write);
        await using var connection = await OpenAsync(cancellationToken);
        // BEGIN IMMEDIATE (the default here) takes the write lock up front, so read-then-bump is race free across processes.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        long current;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT version FROM parameters WHERE name = $name";
            read.Parameters.AddWithValue("$name", write.Name);
            current = await read.ExecuteScalarAsync(cancellationToken) is long v ? v : 0;
        }

        if (current > 0 && !write.Overwrite)
        {
            throw new ParameterAlreadyExistsException(write.Name);
        }

        var version = current + 1;
        var modified = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO parameters (name, type, tier, value, version, modified) VALUES ($name, $type, $tier, $value, $version, $modified)
                ON CONFLICT(name) DO UPDATE SET type = $type, tier = $tier, value = $value, version = $version, modified = $modified;
                INSERT INTO parameter_versions (name, type, tier, value, version, modified) VALUES ($name, $type, $tier, $value, $version, $modified);
                DELETE FROM parameter_versions WHERE name = $name AND version <= $version - $keep;
                """;
            upsert.Parameters.AddWithValue("$name", write.Name);
            upsert.Parameters.AddWithValue("$type", SsmParameterTypes.ToWire(write.Type));
            upsert.Parameters.AddWithValue("$tier", tier);
            upsert.Parameters.AddWithValue("$value", write.Value);
            upsert.Parameters.AddWithValue("$version", version);
            upsert.Parameters.AddWithValue("$modified", modified);
            upsert.Parameters.AddWithValue("$keep", MaxVersions);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    public async Task<string?> GetTierAsync(string name, CancellationToken cancellationToken)
    {
        ParameterNameRules.ValidateName(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT tier FROM parameters WHERE name = $name";
        read.Parameters.AddWithValue("$name", name);
        return await read.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ParameterNameRules.ValidateName(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM parameters WHERE name = $name; DELETE FROM parameter_versions WHERE name = $name;";
        delete.Parameters.AddWithValue("$name", name);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _initLock.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            if (!_initialized)
            {
                await InitializeAsync(cancellationToken);
            }

            await connection.OpenAsync(cancellationToken);
            await using (var pragma = connection.CreateCommand())
            {
                // In WAL mode NORMAL still never corrupts the file and survives process crashes; it skips an fsync
                // per write (8 ms here), losing at most the last writes on power loss, acceptable for a local store.
                pragma.CommandText = "PRAGMA synchronous = NORMAL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new ParameterStoreException($"Cannot open the local Parameter Store at '{DatabasePath}': {ex.Message}", ex);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            var directory = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS parameters (
                    name TEXT PRIMARY KEY, type TEXT NOT NULL, tier TEXT NOT NULL, value TEXT NOT NULL,
                    version INTEGER NOT NULL, modified TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS parameter_versions (
                    name TEXT NOT NULL, type TEXT NOT NULL, tier TEXT NOT NULL, value TEXT NOT NULL,
                    version INTEGER NOT NULL, modified TEXT NOT NULL, PRIMARY KEY (name, version)) WITHOUT ROWID;
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    private static async Task<Parameter?> ReadOneAsync(SqliteCommand command, bool withDecryption, CancellationToken cancellationToken)
    {
        var all = await ReadAllAsync(command, withDecryption, cancellationToken);
        return all.Count == 0 ? null : all[0];
    }

    private static async Task<IReadOnlyList<Parameter>> ReadAllAsync(SqliteCommand command, bool withDecryption, CancellationToken cancellationToken)
    {
        var results = new List<Parameter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = SsmParameterTypes.FromWire(reader.GetString(1));
            var value = type == ParameterType.SecureString && !withDecryption ? EncryptedPlaceholder : reader.GetString(2);
            results.Add(new Parameter(
                reader.GetString(0),
                type,
                value,
                reader.GetInt64(3),
                ParseModified(reader.GetString(4))));
        }

        return results;
    }

    // Written as round-trip ("O") text; the exact format parses several times faster than the general parser, which
    // counts when a by-path read returns 200,000 parameters. Other text (an older or hand-edited file) still parses.
    private static DateTimeOffset ParseModified(string text) =>
        DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var modified)
            ? modified
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
