using BriefingBot.Core.Storage;

namespace BriefingBot.Tests.Support;

/// <summary>A fresh, migrated SQLite store in a temp folder.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2020, 7, 15, 6, 0, 0, TimeSpan.Zero));

    public SqliteReportStore Store { get; private set; } = null!;

    public string DatabasePath => _folder.File("test.db");

    public async Task InitializeAsync()
    {
        Store = new SqliteReportStore(SqliteReportStore.ConnectionStringForFile(DatabasePath, TimeSpan.FromSeconds(1)), Time);
        await Store.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
