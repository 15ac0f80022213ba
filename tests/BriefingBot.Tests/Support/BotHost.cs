using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BriefingBot.Tests.Support;

/// <summary>The bot's host as `run` builds it, against a test database and the Telegram emulator.</summary>
public sealed class BotHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _disposed;

    private BotHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static Task<BotHost> StartAsync(string databasePath, string telegramUrl, string token, params (string Key, string Value)[] settings) =>
        StartAsync(databasePath, new[] { ("Telegram:BotToken", token), ("Telegram:ApiBaseUrl", telegramUrl), ("Telegram:PollTimeout", "00:00:01") }.Concat(settings).ToArray());

    public static Task<BotHost> StartAsync(string databasePath, params (string Key, string Value)[] settings) => StartAsync(databasePath, null, settings);

    /// <param name="time">The bot's clock (Quartz's too); the system clock when null.</param>
    public static Task<BotHost> StartAsync(string databasePath, TimeProvider? time, params (string Key, string Value)[] settings) =>
        StartAsync(databasePath, time, null, settings);

    /// <param name="replace">Changes to the bot's services after they are added (a test's fault in a store of ours).</param>
    public static async Task<BotHost> StartAsync(string databasePath, TimeProvider? time, Action<IServiceCollection>? replace, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = SqliteReportStore.ConnectionStringForFile(databasePath, TimeSpan.FromSeconds(5)),
            // The poller is tested on its own; here it would only fetch the made-up URLs of the chat tests.
            ["Sources:Polling"] = "false",
        };
        foreach (var (key, value) in settings)
            values[key] = value;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        // No DNS in tests: every name is unknown unless a test says otherwise, so nothing reaches the internet.
        builder.Services.AddSingleton<BriefingBot.Sources.IHostResolver>(new NoDnsResolver());
        builder.Services.AddBot(builder.Configuration, time);
        replace?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.GetRequiredService<IReportStore>().MigrateAsync();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            // A host that refuses to start (a bad setting) is still torn down.
            host.Dispose();
            throw;
        }

        return new BotHost(host);
    }

    public Task WaitForShutdownAsync(TimeSpan timeout) => _host.WaitForShutdownAsync().WaitAsync(timeout);

    /// <summary>Stops and disposes the host; again does nothing (a test may stop one host before the end).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}

/// <summary>A resolver that knows no names: a test's source URL never leaves the machine.</summary>
public sealed class NoDnsResolver : BriefingBot.Sources.IHostResolver
{
    public Task<System.Net.IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Task.FromResult(Array.Empty<System.Net.IPAddress>());
}
