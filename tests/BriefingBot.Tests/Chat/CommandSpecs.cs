using System.Text;
using BriefingBot.Core.Chat;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Chat;

public abstract class CommandSpecs(DbKind kind) : IAsyncLifetime
{
    private readonly ChatFixture _chat = new(kind: kind);

    public Task InitializeAsync() => _chat.InitializeAsync();

    public Task DisposeAsync() => _chat.DisposeAsync();

    private static string Text(ChatReply? reply) => reply switch
    {
        TextReply t => t.Text,
        ErrorReply e => "error: " + e.Text,
        _ => throw new Xunit.Sdk.XunitException($"expected a text reply, got {reply?.GetType().Name ?? "nothing"}"),
    };

    [Fact]
    public async Task I_can_add_a_source_as_a_moderator_and_see_it_in_sources()
    {
        var added = await _chat.Send("/source add City Herald https://herald.test/feed");
        var sources = await _chat.Send("/sources");

        Assert.Equal("Added source City Herald (https://herald.test/feed).", Text(added));
        var list = Assert.IsType<SourcesReply>(sources);
        var source = Assert.Single(list.Sources);
        Assert.Equal(("City Herald", "https://herald.test/feed", false), (source.Outlet, source.Url, source.Paused));
    }

    [Fact]
    public async Task A_member_who_is_not_a_moderator_is_refused_moderator_commands_and_nothing_changes()
    {
        var refused = await _chat.Send("/source add Rumour Mill", user: "telegram:99");
        var report = await _chat.Send("/report Rumour Mill Something happened somewhere today.", user: "telegram:99");

        Assert.Equal("error: /source is for moderators of this chat. Ask an administrator.", Text(refused));
        Assert.Equal("error: /report is for moderators of this chat. Ask an administrator.", Text(report));
        Assert.Empty(Assert.IsType<SourcesReply>(await _chat.Send("/sources", user: "telegram:99")).Sources);
        Assert.Equal(0, await _chat.Store.CountReportsAsync());
    }

    [Fact]
    public async Task A_moderator_files_a_report_that_shows_up_in_the_briefing_with_its_story()
    {
        await _chat.Send("/source add Outlet B");
        await _chat.Send("/report Outlet B A car bomb wounded three soldiers of a joint patrol near Arihah on Tuesday, officials said.");

        var second = Text(await _chat.Send("/report \"Outlet A\" Three servicemen were hurt when a car bomb exploded near Ariha during a joint patrol on Tuesday, the ministry said."));
        var brief = Assert.IsType<BriefingReply>(await _chat.Send("/brief"));

        Assert.StartsWith("Stored report 2 from Outlet A.", second, StringComparison.Ordinal);
        Assert.Contains("It joined the story", second, StringComparison.Ordinal);
        var story = Assert.Single(brief.Briefing.Stories);
        Assert.Equal(["Outlet A", "Outlet B"], story.Outlets.Order());
    }

    [Fact]
    public async Task A_report_can_come_from_a_replied_to_message_or_an_uploaded_document()
    {
        var fromReply = Text(await _chat.Send("/report Wire", replyTo: "The parliament passed the budget on Monday after a long debate."));
        var bytes = Encoding.UTF8.GetBytes("Title: Floods\n\nRivers burst their banks on Sunday, flooding two villages.");
        var file = new ChatAttachment("floods.txt", bytes.Length, "text/plain", _ => Task.FromResult(bytes));
        var fromFile = Text(await _chat.Send("/report Wire", attachment: file));

        Assert.StartsWith("Stored report 1 from Wire.", fromReply, StringComparison.Ordinal);
        Assert.StartsWith("Stored report 2 from Wire: “Floods”.", fromFile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_oversized_and_foreign_uploads_are_refused_naming_the_limit()
    {
        byte[] binary = [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0];
        var png = new ChatAttachment("photo.txt", binary.Length, "text/plain", _ => Task.FromResult(binary));
        var huge = new ChatAttachment("huge.txt", 50L * 1024 * 1024, "text/plain", _ => throw new InvalidOperationException("must not download"));
        var pdf = new ChatAttachment("doc.pdf", 100, "application/pdf", _ => throw new InvalidOperationException("must not download"));

        Assert.Equal("error: photo.txt: this is a binary file, not a text report", Text(await _chat.Send("/report Wire", attachment: png)));
        Assert.Equal("error: The file is 50 MB; the limit is 0.1 MB.", Text(await _chat.Send("/report Wire", attachment: huge)));
        Assert.Equal("error: Attach a .txt or .md file; doc.pdf is not one.", Text(await _chat.Send("/report Wire", attachment: pdf)));
        Assert.Equal(0, await _chat.Store.CountReportsAsync());
    }

    [Fact]
    public async Task Briefings_and_answers_draw_only_on_the_communitys_own_sources()
    {
        await _chat.Send("/report Alpha The harbour bridge closed for repairs on Monday, the city council said.", community: "telegram:-1");
        await _chat.Send("/report Beta The harbour bridge reopened on Monday after repairs, the mayor said.", community: "telegram:-2");

        var answerOne = Assert.IsType<AnswerReply>(await _chat.Send("/ask What happened to the harbour bridge?", community: "telegram:-1"));
        var briefTwo = Assert.IsType<BriefingReply>(await _chat.Send("/brief", community: "telegram:-2"));

        Assert.All(answerOne.Answer.Citations, c => Assert.Equal("Alpha", c.Outlet));
        Assert.NotEmpty(answerOne.Answer.Citations);
        Assert.Equal(["Beta"], briefTwo.Briefing.Reports.Select(r => r.Outlet));
    }

    [Fact]
    public async Task A_paused_source_is_left_out_until_resumed_and_removal_is_reported()
    {
        await _chat.Send("/report Alpha The harbour bridge closed for repairs on Monday, the city council said.");

        Assert.StartsWith("Paused Alpha", Text(await _chat.Send("/source pause Alpha")), StringComparison.Ordinal);
        Assert.Equal("This chat follows no sources yet. A moderator can add one with /source add <name> [url].", Text(await _chat.Send("/brief")));
        Assert.Equal("Resumed Alpha.", Text(await _chat.Send("/source resume Alpha")));
        Assert.IsType<BriefingReply>(await _chat.Send("/brief"));
        Assert.StartsWith("Removed source Alpha.", Text(await _chat.Send("/source remove Alpha")), StringComparison.Ordinal);
        Assert.Equal("error: Alpha is not a source of this chat. See /sources.", Text(await _chat.Send("/source remove Alpha")));
    }

    [Fact]
    public async Task Unknown_commands_empty_and_overlong_questions_get_short_hints()
    {
        await _chat.Send("/source add Alpha");

        Assert.Null(await _chat.Send("/frobnicate now"));
        Assert.Equal("error: Unknown command /frobnicate. Send /help for the list.", Text(await _chat.Send("/frobnicate@BriefingBot now")));
        Assert.Equal("error: Unknown command /frobnicate. Send /help for the list.", Text(await _chat.Router.HandleAsync(ChatFixture.Message("/frobnicate", community: "telegram:7", isPrivate: true), CancellationToken.None)));
        Assert.StartsWith("BriefingBot answers", Text(await _chat.Send("/start")), StringComparison.Ordinal);
        Assert.StartsWith("error: Ask a question after /ask", Text(await _chat.Send("/ask")), StringComparison.Ordinal);
        Assert.Equal("error: Questions are limited to 500 characters; yours has 20000.", Text(await _chat.Send("/ask " + new string('x', 20_000))));
        Assert.StartsWith("error: Unknown action 'rename'", Text(await _chat.Send("/source rename Alpha")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_from_bots_edits_and_group_chatter_are_ignored_and_private_text_is_a_question()
    {
        Assert.Null(await _chat.Router.HandleAsync(ChatFixture.Message("/help", isBot: true), CancellationToken.None));
        Assert.Null(await _chat.Router.HandleAsync(ChatFixture.Message("/help", isEdit: true), CancellationToken.None));
        Assert.Null(await _chat.Router.HandleAsync(ChatFixture.Message("nice weather today"), CancellationToken.None));

        var privateText = await _chat.Router.HandleAsync(ChatFixture.Message("What happened?", community: "telegram:5", isPrivate: true), CancellationToken.None);

        Assert.Equal("This chat follows no sources yet. A moderator can add one with /source add <name> [url].", Text(privateText));
    }

    [Fact]
    public async Task Help_lists_every_command_and_marks_moderator_ones()
    {
        var help = Text(await _chat.Send("/help@BriefingBot"));

        foreach (var name in new[] { "/brief", "/ask <question>", "/sources", "/source add", "/report <outlet>", "/help" })
            Assert.Contains(name, help, StringComparison.Ordinal);
        Assert.Contains("Manage this chat's sources (moderators)", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stories_Sources_button_answers_with_its_citations_even_after_a_restart_of_the_router()
    {
        await _chat.Send("/report Alpha The harbour bridge closed for repairs on Monday, the city council said.");
        var brief = await _chat.Send("/brief");
        var keys = await _chat.Router.StoryKeysAsync(brief!, CancellationToken.None);

        var sources = Assert.IsType<StorySourcesReply>(await _chat.Router.HandleButtonAsync("sources:" + keys![0], CancellationToken.None));
        var forged = await _chat.Router.HandleButtonAsync("sources:../../etc", CancellationToken.None);

        var citation = Assert.Single(sources.Claims.SelectMany(c => c.Sources));
        Assert.Equal(("Alpha", "the city council"), (citation.Outlet, citation.AttributedTo));
        Assert.Equal("error: That button is not one of ours.", Text(forged));
    }

    [Fact]
    public async Task A_report_filed_in_one_chat_never_reaches_another_chat_following_the_same_outlet()
    {
        await _chat.Store.AddAsync([Samples.Draft("Reuters", "The central bank kept interest rates unchanged on Monday, its governor said.")]);
        await _chat.Send("/source add Reuters", community: "telegram:-2");
        await _chat.Send("/report Reuters Fake news: the moon exploded over the harbour on Monday, officials said.", community: "telegram:-1");

        var brief = Assert.IsType<BriefingReply>(await _chat.Send("/brief", community: "telegram:-2"));
        var answer = Assert.IsType<AnswerReply>(await _chat.Send("/ask What happened to the moon?", community: "telegram:-2"));
        var own = Assert.IsType<BriefingReply>(await _chat.Send("/brief", community: "telegram:-1"));

        Assert.Equal(["The central bank kept interest rates unchanged on Monday, its governor said."], brief.Briefing.Reports.Select(r => r.Text));
        Assert.False(answer.Answer.Covered);
        Assert.Equal(2, own.Briefing.Reports.Count);
    }

    [Fact]
    public async Task The_same_report_filed_by_hand_in_a_second_chat_is_stored_as_that_chats_own_and_the_first_stays_unseen()
    {
        await _chat.Send("/report Insider The harbour bridge closed for repairs on Monday, the city council said.", community: "telegram:-1");

        var again = Text(await _chat.Send("/report Wire The harbour bridge closed for repairs on Monday, the city council said.", community: "telegram:-2"));
        var repeat = Text(await _chat.Send("/report Wire The harbour bridge closed for repairs on Monday, the city council said.", community: "telegram:-2"));
        var sources = Assert.IsType<SourcesReply>(await _chat.Send("/sources", community: "telegram:-2"));

        Assert.DoesNotContain("another chat", again, StringComparison.Ordinal);
        Assert.StartsWith("Stored", again, StringComparison.Ordinal);
        Assert.StartsWith("Nothing new: this report is already stored as report", repeat, StringComparison.Ordinal);
        Assert.Equal(["Wire"], (await _chat.Store.GetReportsAsync(null, null, community: "telegram:-2")).Select(r => r.Outlet));
        Assert.Equal(["Insider"], (await _chat.Store.GetReportsAsync(null, null, community: "telegram:-1")).Select(r => r.Outlet));
        // The second chat follows the outlet it named, not the first chat's name for it.
        Assert.Equal(["Wire"], sources.Sources.Select(s => s.Outlet));
    }

    [Fact]
    public async Task A_report_pasted_with_its_multi_word_outlet_on_the_first_line_is_stored_under_that_outlet()
    {
        var reply = Text(await _chat.Send("/report The Moscow Times\nBlast hits joint patrol near Idlib\n\nA car bomb wounded three Russian soldiers on a joint patrol near Arihah on Tuesday, the reconciliation center said."));
        var sources = Assert.IsType<SourcesReply>(await _chat.Send("/sources"));

        Assert.StartsWith("Stored report 1 from The Moscow Times: “Blast hits joint patrol near Idlib”.", reply, StringComparison.Ordinal);
        Assert.Equal(["The Moscow Times"], sources.Sources.Select(s => s.Outlet));
        var report = Assert.Single(await _chat.Store.GetReportsAsync(null, null));
        Assert.Equal(("The Moscow Times", "Blast hits joint patrol near Idlib"), (report.Outlet, report.Title));
        Assert.StartsWith("A car bomb wounded three Russian soldiers", report.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ferry capsizes off Lesbos")]
    [InlineData("Ferry Capsizes Off Lesbos")]
    public async Task A_headline_on_the_first_line_after_a_one_word_outlet_is_not_taken_for_the_outlet(string headline)
    {
        var reply = Text(await _chat.Send($"/report Reuters {headline}\nA ferry capsized off the coast of Lesbos on Tuesday, the coast guard said."));

        Assert.StartsWith($"Stored report 1 from Reuters: “{headline}”.", reply, StringComparison.Ordinal);
        Assert.Equal(["Reuters"], Assert.IsType<SourcesReply>(await _chat.Send("/sources")).Sources.Select(s => s.Outlet));
    }

    [Fact]
    public async Task Controls_and_invisible_characters_in_a_filed_report_never_reach_the_store()
    {
        await _chat.Send("/source add Reuters");

        var reply = Text(await _chat.Send("/report Reu\u200bters\nThe harbour\u001b[31m bridge closed\u0007 for repairs on Monday, the\u001b]0;pwned\u0007 city council said."));
        var sources = Assert.IsType<SourcesReply>(await _chat.Send("/sources"));

        Assert.StartsWith("Stored report 1 from Reuters", reply, StringComparison.Ordinal);
        Assert.Equal(["Reuters"], sources.Sources.Select(s => s.Outlet));
        var report = Assert.Single(await _chat.Store.GetReportsAsync(null, null));
        Assert.Equal("The harbour bridge closed for repairs on Monday, the city council said.", report.Text);
    }

    [Fact]
    public async Task A_source_URL_that_is_refused_is_not_added()
    {
        var refused = await _chat.Send("/source add Probe ftp://files.test/feed");

        Assert.Equal("error: The URL must start with http:// or https://.", Text(refused));
        Assert.Empty(Assert.IsType<SourcesReply>(await _chat.Send("/sources")).Sources);
    }
}

public sealed class CommandSpecsOnSqlite() : CommandSpecs(DbKind.Sqlite);

public sealed class CommandSpecsOnPostgres() : CommandSpecs(DbKind.Postgres);
