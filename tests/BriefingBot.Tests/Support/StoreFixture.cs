using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;

namespace BriefingBot.Tests.Support;

/// <summary>A fresh, migrated store of the given kind (SQLite in a temp folder, or a new PostgreSQL database).</summary>
public sealed class StoreFixture(DbKind kind = DbKind.Sqlite) : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2020, 7, 15, 6, 0, 0, TimeSpan.Zero));

    public TestDatabase Database { get; private set; } = null!;

    public IReportStore Store { get; private set; } = null!;

    public ICommunityStore Communities => (ICommunityStore)Store;

    public ILeaseStore Leases => (ILeaseStore)Store;

    public ISubscriptionStore Subscriptions => (ISubscriptionStore)Store;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(kind, TimeSpan.FromSeconds(1));
        Store = Database.CreateStore(Time);
        await Store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
        await Database.DisposeAsync();
    }
}
