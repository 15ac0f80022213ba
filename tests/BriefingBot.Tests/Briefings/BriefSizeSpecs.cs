using System.Text.Json;
using BriefingBot.Cli;
using BriefingBot.Core.Chat;
using BriefingBot.Platforms.Discord;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace BriefingBot.Tests.Briefings;

/// <summary>Briefing:MaxStories: the top stories in chat, on the CLI and in scheduled briefings, and how to ask for all.</summary>
public sealed class BriefSizeSpecs : IAsyncLifetime
{
    private readonly ChatFixture _chat = new(settings: new Dictionary<string, string?> { ["Briefing:MaxStories"] = "2" });
    private readonly TempFolder _folder = new();

    public Task InitializeAsync() => _chat.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _chat.DisposeAsync();
        _folder.Dispose();
    }

    private async Task FileThreeStoriesAsync()
    {
        foreach (var outlet in new[] { "Alpha", "Beta", "Gamma" })
            await _chat.Send($"/source add {outlet}");
        await _chat.Send("/report Alpha The harbour bridge closed on Monday after engineers found cracks in two supports.");
        await _chat.Send("/report Beta The central bank raised its main interest rate by half a point on Thursday.");
        await _chat.Send("/report Gamma Floods cut off three mountain villages after two days of heavy rain.");
    }

    [Fact]
    public async Task Brief_lists_the_top_stories_and_counts_the_rest_and_brief_all_lists_every_one()
    {
        await FileThreeStoriesAsync();

        var top = Assert.IsType<BriefingReply>(await _chat.Send("/brief"));
        var all = Assert.IsType<BriefingReply>(await _chat.Send("/brief all"));
        var one = Assert.IsType<BriefingReply>(await _chat.Send("/brief 1"));

        Assert.Equal(2, top.Briefing.Stories.Count);
        Assert.Equal(1, top.Briefing.MoreStories);
        Assert.Equal("1 more story — /brief all", new Core.Chat.Messages.PlainTextChatFormatter().Format(top)[^1].Text);
        Assert.Equal(3, all.Briefing.Stories.Count);
        Assert.Equal(0, all.Briefing.MoreStories);
        Assert.Equal((1, 2), (one.Briefing.Stories.Count, one.Briefing.MoreStories));
    }

    [Fact]
    public async Task Brief_with_anything_but_all_or_a_number_says_how_to_use_it()
    {
        await FileThreeStoriesAsync();

        var reply = await _chat.Send("/brief everything");

        Assert.Equal("Use /brief for the top stories, /brief all for every story, or /brief 5 for the top five.", Assert.IsType<ErrorReply>(reply).Text);
    }

    [Fact]
    public async Task The_scheduled_briefing_lists_the_top_stories_and_ends_with_how_many_more_there_are()
    {
        var schedule = new Scheduling.ScheduleFixture(settings: new Dictionary<string, string?> { ["Briefing:MaxStories"] = "2" });
        await schedule.InitializeAsync();
        try
        {
            schedule.At(new DateTimeOffset(2024, 3, 4, 6, 0, 0, TimeSpan.Zero));
            foreach (var outlet in new[] { "Alpha", "Beta", "Gamma" })
                await schedule.Say($"/source add {outlet}");
            await schedule.Say("/report Alpha The harbour bridge closed on Monday after engineers found cracks in two supports.");
            await schedule.Say("/report Beta The central bank raised its main interest rate by half a point on Thursday.");
            await schedule.Say("/report Gamma Floods cut off three mountain villages after two days of heavy rain.");
            await schedule.Say("/schedule set 08:00 Etc/UTC");

            await schedule.WalkAsync(new DateTimeOffset(2024, 3, 4, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 3, 4, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(1));

            var sent = schedule.Channel.To("telegram:-100");
            Assert.Equal(2, sent.Count(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d+\. ")));
            Assert.Equal("1 more story — /brief all", sent[^2]);
            Assert.StartsWith("Source health:", sent[^1], StringComparison.Ordinal);
        }
        finally
        {
            await schedule.DisposeAsync();
        }
    }

    [Fact]
    public void The_Discord_stories_option_reaches_the_router_as_brief_all()
    {
        var brief = DiscordCommands.Definitions().Single(c => c.Name == "brief");

        Assert.Equal("stories", Assert.Single(brief.Options!).Name);
        Assert.Equal("/brief all", DiscordCommands.ToCommandText("brief", [("stories", "all")], null));
        Assert.Equal("/brief", DiscordCommands.ToCommandText("brief", [], null));
    }

    [Fact]
    public async Task A_MaxStories_below_one_stops_the_host_naming_the_key()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(_folder.File("bot.db"), ("Briefing:MaxStories", "0")));

        Assert.Contains("Briefing:MaxStories must be at least 1", e.Message, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Out, string Err)> Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task The_CLI_brief_takes_max_stories_as_a_number_or_all()
    {
        var db = _folder.File("cli.db");
        await Cli("ingest", Samples.Folder, "--db", db);

        var one = await Cli("brief", "--since", "2000-01-01", "--max-stories", "1", "--db", db);
        var json = await Cli("brief", "--since", "2000-01-01", "--max-stories", "1", "--format", "json", "--db", db);
        var all = await Cli("brief", "--since", "2000-01-01", "--max-stories", "all", "--format", "json", "--db", db);
        var zero = await Cli("brief", "--since", "2000-01-01", "--max-stories", "0", "--db", db);

        Assert.Equal(0, one.Exit);
        Assert.EndsWith("\n1 more story — brief --max-stories all", one.Out.ReplaceLineEndings("\n").TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("\n1. At least three Russian soldiers", one.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("\n2. ", one.Out, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(json.Out))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("stories").GetArrayLength());
            Assert.Equal(1, doc.RootElement.GetProperty("moreStories").GetInt32());
        }

        using (var doc = JsonDocument.Parse(all.Out))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("stories").GetArrayLength());
            Assert.Equal(0, doc.RootElement.GetProperty("moreStories").GetInt32());
        }

        Assert.NotEqual(0, zero.Exit);
        Assert.Contains("--max-stories must be a number of at least 1 or all, not '0'", zero.Err, StringComparison.Ordinal);
    }
}
