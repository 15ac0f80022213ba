using BriefingBot.Core;
using BriefingBot.Core.Answers;
using BriefingBot.Core.Briefings;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Commands;
using BriefingBot.Core.Chat.Messages;
using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Storage.Postgres;
using BriefingBot.Core.Stories;
using BriefingBot.Platforms.Discord;
using BriefingBot.Platforms.Telegram;
using BriefingBot.Scheduling;
using BriefingBot.Sources;
using BriefingBot.Core.Sources;
using BriefingBot.Core.Llm;
using Microsoft.Extensions.DependencyInjection.Extensions;
using BriefingBot.Core.Scheduling;
using Quartz;
using SchedulingOptions = BriefingBot.Core.Scheduling.SchedulingOptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BriefingBot.Hosting;

/// <summary>Explicit wiring of BriefingBot's services, one method per concern.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Everything `run` hosts: engine, store, chat layer, the configured platforms and the scheduled briefings.</summary>
    /// <param name="time">A clock for the whole bot (tests); the system clock otherwise.</param>
    public static IServiceCollection AddBot(this IServiceCollection services, IConfiguration configuration, TimeProvider? time = null)
    {
        services.AddEngine().AddStorage().AddChat().AddPlatforms(configuration).AddScheduling(configuration, time).AddSources().AddLlm(configuration);
        if (configuration.GetSection(SourcesOptions.Section).Get<SourcesOptions>() is not { Polling: false })
            services.AddHostedService(sp => sp.GetRequiredService<SourcePoller>());
        if (time is not null)
            services.AddSingleton(time);
        return services;
    }

    /// <summary>
    /// Adds the web-source fetcher: a named HttpClient whose every connection goes through the address guard
    /// (no private, loopback, link-local or metadata addresses unless Sources:AllowedHosts names the host),
    /// with redirects followed by the fetcher itself so each hop is checked.
    /// </summary>
    public static IServiceCollection AddSources(this IServiceCollection services)
    {
        services.AddOptions<SourcesOptions>().BindConfiguration(SourcesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<SourceFetcher>();
        services.AddSingleton<WebSourceReader>();
        services.AddSingleton<ISourceProbe>(sp => sp.GetRequiredService<WebSourceReader>());
        services.AddSingleton<SourcePoller>();
        services.AddHttpClient(SourceFetcher.ClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<SourcesOptions>>().Value;
                var resolver = sp.GetRequiredService<IHostResolver>();
                var allowed = options.AllowedHosts.ToArray();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    AutomaticDecompression = System.Net.DecompressionMethods.All,
                    UseCookies = false,
                    UseProxy = false,
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    ConnectCallback = (context, ct) => SourceFetcher.ConnectAsync(context, resolver, allowed, ct),
                };
            });
        return services;
    }

    /// <summary>
    /// Adds the optional LLM (docs/llm.md): the provider's <see cref="Microsoft.Extensions.AI.IChatClient"/> (Llm:Provider
    /// openai or azure-openai), a Semantic Kernel <see cref="Microsoft.SemanticKernel.Kernel"/> over it, the prompt files as
    /// SK prompt functions, the verified story writer and the /ask writer with its reports plugin; registered only when
    /// Llm:Endpoint and Llm:Model (azure-openai: Llm:Deployment) are set and Llm:Enabled is not false. The prompt files are
    /// loaded at start, and a missing or broken one stops the host naming it.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.Section).ValidateDataAnnotations()
            .Validate(o => !o.Enabled || o.Provider is LlmOptions.OpenAI or LlmOptions.AzureOpenAI,
                "Llm:Provider must be openai (any OpenAI-compatible server) or azure-openai.")
            .Validate(o => !o.Enabled || string.IsNullOrWhiteSpace(o.Endpoint) || (Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"),
                "Llm:Endpoint must be an http:// or https:// URL, e.g. http://localhost:11434/v1 (azure-openai: https://NAME.openai.azure.com/).")
            .Validate(o => !o.Enabled || o.IsAzure || string.IsNullOrWhiteSpace(o.Endpoint) || !string.IsNullOrWhiteSpace(o.Model), "Llm:Model is required when Llm:Endpoint is set.")
            .Validate(o => !o.Enabled || !o.IsAzure || string.IsNullOrWhiteSpace(o.Endpoint) || !string.IsNullOrWhiteSpace(o.Deployment),
                "Llm:Deployment is required when Llm:Provider is azure-openai.")
            .ValidateOnStart();
        if (configuration.GetSection(LlmOptions.Section).Get<LlmOptions>() is not { IsConfigured: true })
            return services;
        services.AddSingleton(sp => PromptLibrary.Load(PromptsFolder(sp.GetRequiredService<IOptions<LlmOptions>>().Value)));
        services.AddSingleton(sp => Llm.LlmChatClientFactory.Create(sp.GetRequiredService<IOptions<LlmOptions>>().Value));
        services.AddSingleton(sp => LlmKernel.Create(sp.GetRequiredService<Microsoft.Extensions.AI.IChatClient>(), sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddSingleton<LlmStoryWriter>();
        services.AddSingleton<LlmBriefingWriter>();
        services.AddSingleton<LlmAnswerWriter>();
        services.AddHttpClient("llm-check").RemoveAllLoggers();
        services.AddHostedService<Llm.LlmStartupCheck>();
        return services;
    }

    /// <summary>Llm:PromptsDirectory, else prompts/ beside the app, else prompts/ in the working directory.</summary>
    internal static string PromptsFolder(LlmOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PromptsDirectory))
            return options.PromptsDirectory;
        var beside = Path.Combine(AppContext.BaseDirectory, "prompts");
        return Directory.Exists(beside) ? beside : Path.Combine(Directory.GetCurrentDirectory(), "prompts");
    }

    /// <summary>Adds the report store chosen by <c>Storage:Provider</c> (SQLite by default).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations()
            .Validate(o => !o.IsPostgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:ConnectionString is required when Storage:Provider is postgres (Host=…;Database=…;Username=…; the password from the environment: Storage__ConnectionString).")
            .ValidateOnStart();
        services.AddSingleton<IReportStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            return options.IsPostgres
                ? new PostgresReportStore(options.ConnectionString!, time)
                : new SqliteReportStore(ResolveConnectionString(options), time);
        });
        services.AddSingleton<ILeaseStore>(sp => (ILeaseStore)sp.GetRequiredService<IReportStore>());
        services.AddSingleton<StorageFaultLog>();
        return services;
    }

    /// <summary>Adds the offline engine, ingest, briefing and question answering.</summary>
    public static IServiceCollection AddEngine(this IServiceCollection services)
    {
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BriefingOptions>().BindConfiguration(BriefingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ReportFileReader(sp.GetRequiredService<IOptions<IngestOptions>>().Value));
        services.AddSingleton(sp => new BriefingEngine(new ClusteringSettings(Window: sp.GetRequiredService<IOptions<BriefingOptions>>().Value.StoryWindow)));
        services.AddSingleton<ReportIngestor>();
        services.AddSingleton<BriefingService>();
        services.AddOptions<AnswersOptions>().BindConfiguration(AnswersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Core.Embeddings.EmbeddingsOptions>().BindConfiguration(Core.Embeddings.EmbeddingsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // One QuestionAnswerer for /ask, the CLI and the LLM's search tool: its ReportSearch keeps the counts of common
        // terms between questions (until the store grows by a hundredth).
        services.AddSingleton(sp => new QuestionAnswerer(sp.GetRequiredService<IReportStore>(), sp.GetService<LlmAnswerWriter>(), sp.GetRequiredService<IOptions<AnswersOptions>>().Value));
        return services;
    }

    /// <summary>Adds the chat layer shared by every platform: commands (one class each), router, story sources.</summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ICommunityStore>(sp => (ICommunityStore)sp.GetRequiredService<IReportStore>());
        services.AddSingleton<StorySources>();
        services.AddSingleton<OwnersModeratorPolicy>();
        services.AddSingleton<IModeratorPolicy, PlatformModeratorPolicy>();
        services.AddSingleton<IChatCommand, HelpCommand>();
        services.AddSingleton<IChatCommand, BriefCommand>();
        services.AddSingleton<IChatCommand, AskCommand>();
        services.AddSingleton<IChatCommand, SourcesCommand>();
        services.AddSingleton<IChatCommand, SourceCommand>();
        services.AddSingleton<SourceRegistrar>();
        services.AddSingleton<IChatCommand, ReportCommand>();
        services.AddSingleton<CommandRouter>();
        return services;
    }

    /// <summary>
    /// Adds every chat platform that is configured (Telegram when <c>Telegram:BotToken</c> is set, Discord when
    /// <c>Discord:BotToken</c> is). Telegram receives updates on a webhook when <c>Telegram:WebhookUrl</c> is set, else by
    /// long polling under a database lease.
    /// </summary>
    public static IServiceCollection AddPlatforms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>().BindConfiguration(TelegramOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (configuration.GetSection(TelegramOptions.Section).Get<TelegramOptions>() is { Enabled: true } telegram)
        {
            // Telegram.Bot's client over a factory-made HttpClient. The token is part of every Bot API URL: this client must
            // never log its requests.
            services.AddHttpClient(TelegramBot.Platform, http => http.DefaultRequestHeaders.UserAgent.ParseAdd("BriefingBot/1.0"))
                .RemoveAllLoggers()
                .AddTypedClient<Telegram.Bot.ITelegramBotClient, RetryingTelegramBotClient>();
            services.TryAddSingleton<LeaseIdentity>();
            services.AddSingleton<IOutboxStore>(sp => (IOutboxStore)sp.GetRequiredService<IReportStore>());
            services.AddSingleton<IPlatformModeratorPolicy, TelegramModeratorPolicy>();
            services.AddSingleton<TelegramHtmlFormatter>();
            services.AddKeyedSingleton(TelegramBot.Platform, (sp, _) => new OutgoingQueue(DeliveryLimits.Telegram, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<TelegramSender>();
            services.AddSingleton<TelegramOutbox>();
            services.AddSingleton<TelegramUpdateHandler>();
            // A webhook (Telegram:WebhookUrl) for instances behind a load balancer, else long polling by one instance at a time.
            if (telegram.UsesWebhook)
                services.AddSingleton<ITelegramReceiver, TelegramWebhook>();
            else
                services.AddSingleton<ITelegramReceiver, TelegramPolling>();
            services.AddHostedService<TelegramBot>();
            services.AddSingleton<IBriefingChannel, TelegramBriefingChannel>();
        }

        services.AddOptions<DiscordOptions>().BindConfiguration(DiscordOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.ShardId < o.ShardCount, "Discord:ShardId must be less than Discord:ShardCount.").ValidateOnStart();
        services.AddSingleton<DiscordRateLimiter>();
        // The Authorization header carries the token: this client must never log its requests.
        services.AddHttpClient<DiscordRestClient>(http => http.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (https://github.com/briefingbot, 1.0) BriefingBot"))
            .RemoveAllLoggers();
        if (configuration.GetSection(DiscordOptions.Section).Get<DiscordOptions>() is { Enabled: true })
        {
            services.AddSingleton<DiscordGateway>();
            services.AddSingleton<IPlatformModeratorPolicy, DiscordModeratorPolicy>();
            services.AddHostedService<DiscordBot>();
            services.AddSingleton<IBriefingChannel, DiscordBriefingChannel>();
        }

        return services;
    }

    /// <summary>
    /// Adds scheduled daily briefings: Quartz with its persistent job store in the bot's SQLite database (tables
    /// created when missing), the delivery service, the start-up catch-up and the /schedule command.
    /// </summary>
    /// <param name="time">The clock Quartz and the service use (tests pass a fake one); the registered TimeProvider otherwise.</param>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration, TimeProvider? time = null)
    {
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section).ValidateDataAnnotations()
            .Validate(o => ScheduleParser.TryFindZone(o.DefaultTimeZone, out _), "Scheduling:DefaultTimeZone must be an IANA time zone such as Europe/Istanbul.")
            .ValidateOnStart();
        services.AddSingleton<IScheduleCalendar, QuartzScheduleCalendar>();
        services.AddSingleton<ISubscriptionStore>(sp => (ISubscriptionStore)sp.GetRequiredService<IReportStore>());
        services.TryAddSingleton<LeaseIdentity>();
        services.TryAddSingleton<ILeaseIdentity>(sp => sp.GetRequiredService<LeaseIdentity>());
        services.AddSingleton<ScheduledBriefingService>();
        services.AddSingleton<IChatCommand, ScheduleCommand>();
        services.AddSingleton<ICommunityNotifier, BriefingChatNotifier>();
        var scheduling = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        if (!scheduling.Enabled)
        {
            // /schedule then answers that scheduling is off; nothing else needs the scheduler.
            services.AddSingleton<IBriefingScheduler, NoBriefingScheduler>();
            return services;
        }

        services.AddSingleton<QuartzBriefingScheduler>();
        services.AddSingleton<IBriefingScheduler>(sp => sp.GetRequiredService<QuartzBriefingScheduler>());

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = ResolveConnectionString(storage);
        services.AddQuartz(q =>
        {
            if (time is not null)
                q.UseTimeProvider(time);
            // One scheduler name for every instance (a cluster), a unique id per process.
            if (storage.IsPostgres)
            {
                // One scheduler name for every instance (a cluster), a generated id per process. SQLite keeps Quartz's
                // default name, which its existing rows carry.
                q.ConfigureScheduler(o =>
                {
                    o.InstanceName = "BriefingBot";
                    o.GenerateInstanceId = true;
                });
            }
            q.UseDefaultThreadPool(Math.Clamp(scheduling.MaxConcurrency, 1, 500));
            q.UsePersistentStore(store =>
            {
                if (storage.IsPostgres)
                {
                    // Several instances on one database: Quartz's cluster decides which instance fires each trigger and
                    // recovers the jobs of an instance that stopped checking in.
                    store.UsePostgres(connectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = scheduling.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = scheduling.ClusterCheckinInterval * 2;
                    });
                }
                else
                {
                    store.UseSqlite(connectionString);
                }

                store.ProvisionSchema();
                // A trigger still waiting for a free slot is late, not missed: thousands of chats due in one minute
                // take several minutes at Telegram's 30 msg/s, and Quartz's misfire handling (60 s by default)
                // would stall firing while it re-plans them. Later than the catch-up window it is missed, and the
                // delivery service skips it.
                store.ConfigureStore(o =>
                {
                    o.MisfireThreshold = scheduling.CatchUpWindow > TimeSpan.FromMinutes(1) ? scheduling.CatchUpWindow : TimeSpan.FromMinutes(1);
                    o.MisfireHandlerFrequency = TimeSpan.FromMinutes(1);
                });
            });
        });
        // Quartz is started and shut down (waiting for running jobs) by ScheduleStartup, not by Quartz's hosted
        // service: a host stopping during start-up must not leave Quartz half-initialised or fail the shutdown.
        services.AddHostedService<ScheduleStartup>();
        return services;
    }

    /// <summary>The platforms <see cref="AddPlatforms"/> would start, for the "nothing configured" message.</summary>
    public static IReadOnlyList<string> ConfiguredPlatforms(IConfiguration configuration)
    {
        var platforms = new List<string>();
        if (configuration.GetSection(TelegramOptions.Section).Get<TelegramOptions>() is { Enabled: true })
            platforms.Add("Telegram");
        if (configuration.GetSection(DiscordOptions.Section).Get<DiscordOptions>() is { Enabled: true })
            platforms.Add("Discord");
        return platforms;
    }

    /// <summary>The connection string: the configured one, else (SQLite) a file in the data directory (created when missing).</summary>
    internal static string ResolveConnectionString(StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString) || options.IsPostgres)
            return options.ConnectionString ?? "";
        try
        {
            Directory.CreateDirectory(options.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BriefingBotException($"cannot create the data directory '{options.DataDirectory}' (Storage:DataDirectory): {e.Message}", e);
        }

        return SqliteReportStore.ConnectionStringForFile(Path.Combine(options.DataDirectory, "briefingbot.db"), options.BusyTimeout);
    }
}
