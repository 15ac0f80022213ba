using BriefingBot.Core.Chat;
using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace BriefingBot.Tests.Support;

/// <summary>
/// The chat layer wired as the host wires it, on a fresh store of the given kind, with a moderator list the test controls.
/// With <paramref name="scheduling"/>, also the scheduled briefings (Quartz's job store in the same database, not
/// started: the tests fire deliveries themselves on the fake clock) and a recording Telegram channel.
/// </summary>
/// <param name="settings">Configuration beside the fixture's own (Briefing:MaxStories, say).</param>
public sealed class ChatFixture(bool scheduling = false, DbKind kind = DbKind.Sqlite, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public HashSet<string> Moderators { get; } = ["telegram:1"];

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public CommandRouter Router => _services.GetRequiredService<CommandRouter>();

    public IReportStore Store => _services.GetRequiredService<IReportStore>();

    public IServiceProvider Services => _services;

    public TestDatabase Database { get; private set; } = null!;

    public RecordingChannel Channel { get; } = new();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(kind, TimeSpan.FromSeconds(2));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ingest:MaxFileBytes"] = "65536",
            ["Scheduling:DeliveryLease"] = "00:02:00",
        }.Concat(Database.Settings).Concat(settings ?? new Dictionary<string, string?>())).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddEngine()
            .AddStorage()
            .AddChat()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IModeratorPolicy>(new SetModeratorPolicy(Moderators));
        if (scheduling)
        {
            // Hosted services (Quartz's, the start-up catch-up) are not started: the tests play the triggers.
            services.AddScheduling(config, Time).AddSingleton<IBriefingChannel>(Channel);
            services.RemoveAll<Microsoft.Extensions.Hosting.IHostedService>();
        }
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await Store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    public static IncomingMessage Message(string text, string user = "telegram:1", string community = "telegram:-100", bool isPrivate = false, string? replyTo = null, ChatAttachment? attachment = null, bool isBot = false, bool isEdit = false) =>
        new("telegram", community, community, new ChatUser(user, "Tester", isBot), text, isPrivate, replyTo, attachment, isEdit);

    public async Task<ChatReply?> Send(string text, string user = "telegram:1", string community = "telegram:-100", string? replyTo = null, ChatAttachment? attachment = null) =>
        await Router.HandleAsync(Message(text, user, community, replyTo: replyTo, attachment: attachment), CancellationToken.None);

    private sealed class SetModeratorPolicy(HashSet<string> moderators) : IModeratorPolicy
    {
        public Task<bool> IsModeratorAsync(IncomingMessage message, CancellationToken ct) => Task.FromResult(moderators.Contains(message.User.Id));
    }
}
