using System.Text;
using BriefingBot.Core;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Tests.Platforms.Telegram;

/// <summary>The bot on the Telegram Bot API emulator: a group (-100) whose administrator is user 1; user 2 is a member.</summary>
[Collection(TelegramCollection.Name)]
public sealed class TelegramBotSpecs(TelegramPeer peer) : IAsyncLifetime
{
    private const long Group = -100;
    private const long Admin = 1;
    private const long Member = 2;
    private readonly TempFolder _folder = new();
    private readonly string _token = $"{Random.Shared.Next(1000, 9999)}:test-token";

    private string Db => _folder.File("bot.db");

    public async Task InitializeAsync()
    {
        await peer.ResetAsync();
        await peer.SetAdministratorsAsync(Group, Admin);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private async Task<List<BotMessage>> Say(long user, string text, int replies = 1)
    {
        await peer.SendAsync(_token, Group, user, text);
        return await peer.WaitForAsync(_token, Group, replies);
    }

    [Fact]
    public async Task A_member_asks_and_gets_an_answer_citing_the_outlet_a_moderator_reported()
    {
        await using var bot = await BotHost.StartAsync(Db, peer.BaseUrl, _token);
        await Say(Admin, "/report \"Harbour Gazette\" The harbour bridge closed for repairs on Monday, the city council said.");

        var answer = await Say(Member, "/ask What happened to the harbour bridge?");

        var text = Assert.Single(answer).Text;
        Assert.Contains("<b>From this chat's sources:</b>", text, StringComparison.Ordinal);
        Assert.Contains("“The harbour bridge closed for repairs on Monday, the city council said.”", text, StringComparison.Ordinal);
        Assert.Contains("<i>Harbour Gazette, citing the city council</i>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moderators_source_and_report_show_up_in_sources_and_brief_and_a_member_is_refused()
    {
        await using var bot = await BotHost.StartAsync(Db, peer.BaseUrl, _token);

        var added = await Say(Admin, "/source add Harbour Gazette");
        var refused = await Say(Member, "/source add Rumour Mill");
        var stored = await Say(Admin, "/report Harbour Gazette The harbour bridge closed for repairs on Monday, the city council said.");
        var sources = await Say(Member, "/sources");
        var brief = await Say(Member, "/brief", replies: 2);

        Assert.Equal("Added source Harbour Gazette.", Assert.Single(added).Text);
        Assert.Equal("/source is for moderators of this chat. Ask an administrator.", Assert.Single(refused).Text);
        Assert.StartsWith("Stored report 1 from Harbour Gazette", Assert.Single(stored).Text, StringComparison.Ordinal);
        Assert.Contains("• Harbour Gazette — 1 report", Assert.Single(sources).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Rumour Mill", sources[0].Text, StringComparison.Ordinal);
        Assert.Equal("<b>Briefing: 1 report from 1 outlet, 1 story</b>", brief[0].Text);
        Assert.Contains("The harbour bridge closed for repairs", brief[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_administrator_writing_as_the_group_moderates()
    {
        await using var bot = await BotHost.StartAsync(Db, peer.BaseUrl, _token);

        await peer.SendAsync(_token, Group, TelegramPeer.AnonymousAdmin, "/source add Wire", senderChat: new { id = Group, type = "supergroup", title = "Test group" });
        var reply = await peer.WaitForAsync(_token, Group);

        Assert.Equal("Added source Wire.", Assert.Single(reply).Text);
    }

    [Fact]
    public async Task The_Sources_button_of_a_story_answers_with_its_citations()
    {
        await using var bot = await BotHost.StartAsync(Db, peer.BaseUrl, _token);
        await Say(Admin, "/report Wire The harbour bridge closed for repairs on Monday, the city council said.");
        var brief = await Say(Member, "/brief", replies: 2);
        var story = brief.Single(m => m.Buttons.Count > 0);

        await peer.PressAsync(_token, Group, Member, story.MessageId, story.Buttons.Single());
        var sources = await peer.WaitForAsync(_token, Group);

        Assert.StartsWith("sources:", story.Buttons.Single(), StringComparison.Ordinal);
        Assert.Contains("<i>Wire, citing the city council</i>: “The harbour bridge closed for repairs on Monday, the city council said.”", Assert.Single(sources).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_uploaded_document_is_ingested_and_a_binary_one_refused()
    {
        await using var bot = await BotHost.StartAsync(Db, peer.BaseUrl, _token);
        await peer.PutFileAsync("DOC1", "floods.txt", Encoding.UTF8.GetBytes("Title: Floods\n\nRivers burst their banks on Sunday, flooding two villages, officials said."));
        await peer.PutFileAsync("BIN1", "photo.txt", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]);

        await peer.SendAsync(_token, Group, Admin, "", document: new { file_id = "DOC1" });
        await peer.SendAsync(_token, Group, Admin, "/report Wire", document: new { file_id = "DOC1" });
        var stored = await peer.WaitForAsync(_token, Group);
        await peer.SendAsync(_token, Group, Admin, "/report Wire", document: new { file_id = "BIN1" });
        var refused = await peer.WaitForAsync(_token, Group);

        Assert.StartsWith("Stored report 1 from Wire: “Floods”.", Assert.Single(stored).Text, StringComparison.Ordinal);
        Assert.Equal("photo.txt: this is a binary file, not a text report", Assert.Single(refused).Text);
    }

    [Fact]
    public async Task Unknown_commands_get_a_hint_only_when_addressed_to_this_bot()
    {
        await using var bot = await BotHost.StartAsync(Db, peer.BaseUrl, _token);

        await peer.SendAsync(_token, Group, Member, "/stats@OtherBot");
        await peer.SendAsync(_token, Group, Member, "/stats");
        var unknown = await Say(Member, "/frobnicate@TestNameBot <b>now</b>");
        var empty = await Say(Member, "/ask");

        Assert.Equal("Unknown command /frobnicate. Send /help for the list.", Assert.Single(unknown).Text);
        Assert.StartsWith("Ask a question after /ask", Assert.Single(empty).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updates_are_neither_lost_nor_repeated_across_a_restart()
    {
        await using (var first = await BotHost.StartAsync(Db, peer.BaseUrl, _token))
        {
            Assert.Single(await Say(Member, "/help"));
        }

        await peer.SendAsync(_token, Group, Member, "/sources");
        await using var second = await BotHost.StartAsync(Db, peer.BaseUrl, _token);
        var replies = await peer.WaitForAsync(_token, Group);
        await Task.Delay(1500);
        replies.AddRange(await peer.UnreadAsync(_token, Group));

        var reply = Assert.Single(replies);
        Assert.StartsWith("This chat follows no sources yet.", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_outbox_cannot_be_written_because_the_disk_is_full_replies_are_still_sent_once()
    {
        await using var bot = await BotHost.StartAsync(Db, null, services =>
            {
                // The outbox's writes meet a full disk; everything else works.
                services.AddSingleton<IOutboxStore>(sp => new FullDiskOutbox((IOutboxStore)sp.GetRequiredService<IReportStore>()));
            },
            ("Telegram:BotToken", _token), ("Telegram:ApiBaseUrl", peer.BaseUrl), ("Telegram:PollTimeout", "00:00:01"));

        var first = await Say(Member, "/sources");
        var second = await Say(Member, "/help");
        await Task.Delay(1500);
        var extra = await peer.UnreadAsync(_token, Group);

        Assert.StartsWith("This chat follows no sources yet.", Assert.Single(first).Text, StringComparison.Ordinal);
        Assert.Contains("/brief", Assert.Single(second).Text, StringComparison.Ordinal);
        Assert.Empty(extra);
    }

    [Fact]
    public async Task A_slow_command_in_one_chat_holds_up_no_other_chat_and_is_answered_when_it_is_done()
    {
        const long otherChat = 4242;
        var slow = new SlowCommand();
        await using var bot = await BotHost.StartAsync(Db, null, services => services.AddSingleton<IChatCommand>(slow),
            ("Telegram:BotToken", _token), ("Telegram:ApiBaseUrl", peer.BaseUrl));

        await peer.SendAsync(_token, Group, Member, "/slow");
        await slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await peer.SendAsync(_token, otherChat, Member, "/sources");
        var other = await peer.WaitForAsync(_token, otherChat, 1);
        var slowBeforeRelease = await peer.UnreadAsync(_token, Group);
        slow.Release.SetResult();
        var slowReply = await peer.WaitForAsync(_token, Group, 1);

        Assert.StartsWith("This chat follows no sources yet.", Assert.Single(other).Text, StringComparison.Ordinal);
        Assert.Empty(slowBeforeRelease);
        Assert.Equal("Done slowly.", Assert.Single(slowReply).Text);
    }

    /// <summary>An outbox whose every write fails as SQLite fails on a full disk.</summary>
    private sealed class FullDiskOutbox(IOutboxStore inner) : IOutboxStore
    {
        public Task<OutboxCommit> AddRepliesAsync(IReadOnlyList<ReplyDraft> replies, StateWrite state, string owner, TimeSpan lease, CancellationToken ct = default) =>
            throw new BriefingBotException(new StorageFault(StorageFaultKind.Full, "SQLite error 13"), "the disk is full");

        public Task<IReadOnlyList<OutboxReply>> ClaimRepliesAsync(string platform, string owner, TimeSpan lease, int limit, CancellationToken ct = default) =>
            inner.ClaimRepliesAsync(platform, owner, lease, limit, ct);

        public Task RenewRepliesAsync(string owner, TimeSpan lease, CancellationToken ct = default) => inner.RenewRepliesAsync(owner, lease, ct);

        public Task ReleaseDeliveriesAsync(string owner, CancellationToken ct = default) => inner.ReleaseDeliveriesAsync(owner, ct);

        public Task PurgeRepliesAsync(TimeSpan olderThan, CancellationToken ct = default) => inner.PurgeRepliesAsync(olderThan, ct);
    }

    [Fact]
    public async Task A_429_with_retry_after_and_a_500_are_retried_and_the_reply_arrives()
    {
        await using var bot = await BotHost.StartAsync(Db, peer.BaseUrl, _token);
        await peer.FailAsync("sendMessage", 429, count: 1, retryAfter: 1);
        await peer.FailAsync("getChatAdministrators", 500, count: 1);

        var reply = await Say(Admin, "/source add Wire");

        Assert.Equal("Added source Wire.", Assert.Single(reply).Text);
    }

    [Fact]
    public async Task A_long_briefing_is_split_into_messages_Telegram_accepts()
    {
        await using var bot = await BotHost.StartAsync(Db, peer.BaseUrl, _token);
        var sentence = "The <harbour> & bridge number {0} closed for repairs on Monday after engineers found cracks in pier {1}, the city council said.";
        for (var i = 1; i <= 4; i++)
        {
            var text = string.Join(" ", Enumerable.Range(1, 45).Select(j => string.Format(System.Globalization.CultureInfo.InvariantCulture, sentence, i * 100 + j, j)));
            await Say(Admin, $"/report Outlet{i} {text}");
        }

        await peer.SendAsync(_token, Group, Member, "/brief");
        var messages = await peer.WaitForAsync(_token, Group, count: 3);

        Assert.True(messages.Count >= 3, $"{messages.Count} messages");
        Assert.All(messages, m => Assert.InRange(m.Text.Length, 1, 4096));
        Assert.Contains(messages, m => m.Text.Contains("&lt;harbour&gt; &amp; bridge", StringComparison.Ordinal));
        Assert.StartsWith("<b>Briefing: 4 reports", messages[0].Text, StringComparison.Ordinal);
        Assert.Equal(messages.Count(m => m.Text.StartsWith("<b>1. ", StringComparison.Ordinal) || m.Text.StartsWith("<b>2. ", StringComparison.Ordinal)), messages.Count(m => m.Buttons.Count == 1));
    }

    [Fact]
    public async Task A_token_Telegram_rejects_stops_the_host()
    {
        var bot = await BotHost.StartAsync(Db, peer.BaseUrl, TelegramPeer.RejectedToken);

        await bot.WaitForShutdownAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, Environment.ExitCode);
        Environment.ExitCode = 0;
        await bot.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TelegramCollection : ICollectionFixture<TelegramPeer>
{
    public const string Name = "Telegram emulator";
}
