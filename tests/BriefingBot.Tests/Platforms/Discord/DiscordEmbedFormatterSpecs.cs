using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using BriefingBot.Platforms.Discord;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Platforms.Discord;

public sealed class DiscordEmbedFormatterSpecs
{
    private static void AssertWithinDiscordLimits(OutgoingMessage m)
    {
        Assert.True(m.Text.Length <= DiscordEmbedFormatter.ContentLimit);
        var cards = m.Cards ?? [];
        Assert.True(cards.Count <= DiscordEmbedFormatter.EmbedsPerMessage);
        Assert.True(cards.Sum(c => c.Title.Length + c.Description.Length + (c.Footer?.Length ?? 0) + c.Fields.Sum(f => f.Name.Length + f.Value.Length)) <= DiscordEmbedFormatter.MessageTotalLimit);
        Assert.All(cards, c =>
        {
            Assert.InRange(c.Title.Length, 1, DiscordEmbedFormatter.TitleLimit);
            Assert.InRange(c.Description.Length, 1, DiscordEmbedFormatter.DescriptionLimit);
            Assert.True(c.Fields.Count <= DiscordEmbedFormatter.FieldLimit);
            Assert.All(c.Fields, f => Assert.True(f.Name.Length <= DiscordEmbedFormatter.FieldNameLimit && f.Value.Length <= DiscordEmbedFormatter.FieldValueLimit));
            Assert.True((c.Footer?.Length ?? 0) <= DiscordEmbedFormatter.FooterLimit);
        });
    }

    [Fact]
    public void A_story_is_an_embed_with_claims_disagreements_as_fields_and_outlets_in_the_footer()
    {
        var briefing = new BriefingEngine().Build(Samples.Reports());

        var messages = new DiscordEmbedFormatter().Format(new BriefingReply(briefing));

        var message = Assert.Single(messages);
        Assert.Equal("Briefing\\: 3 reports from 3 outlets, 2 stories", message.Text);
        var story = message.Cards![0];
        Assert.StartsWith("1. At least three Russian soldiers", story.Title, StringComparison.Ordinal);
        Assert.Contains(story.Fields, f => f.Name == "Outlets disagree on region" && f.Value.Contains("“northwest Syria” — The Moscow Times", StringComparison.Ordinal));
        Assert.Equal("Outlets: The Moscow Times, 002_b8c5f92c0bf04987", story.Footer);
        AssertWithinDiscordLimits(message);
    }

    [Fact]
    public void A_large_briefing_is_split_into_messages_within_every_Discord_limit()
    {
        var reports = Enumerable.Range(1, 40).Select(i => Samples.Report(i, $"Outlet {i % 4}",
            string.Join(" ", Enumerable.Range(0, 30).Select(j => $"Claim {j} about bridge {i} was confirmed on Monday by the {i}th ministry with **stars** and @everyone."))
            , title: $"Story {i}")).ToList();
        var briefing = new BriefingEngine().Build(reports);

        var messages = new DiscordEmbedFormatter().Format(new BriefingReply(briefing));

        Assert.True(messages.Count > 1);
        Assert.All(messages, AssertWithinDiscordLimits);
        Assert.Equal(briefing.Stories.Count, messages.SelectMany(m => m.Cards!).Count(c => !c.Title.Contains("(continued)", StringComparison.Ordinal)));
    }

    [Fact]
    public void Report_text_cannot_format_or_mention()
    {
        var report = Samples.Report(1, "Outlet", "Officials said @everyone should read **this** and <@123> and [a link](https://evil.test) on Monday.");
        var briefing = new BriefingEngine().Build([report]);

        var card = new DiscordEmbedFormatter().Format(new BriefingReply(briefing))[0].Cards![0];

        Assert.Contains("@\u200beveryone", card.Description, StringComparison.Ordinal);
        Assert.Contains("\\*\\*this\\*\\*", card.Description, StringComparison.Ordinal);
        Assert.Contains("\\<@\u200b123\\>", card.Description, StringComparison.Ordinal);
        Assert.Contains("\\[a link\\]\\(https\\://evil.test\\)", card.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_are_marked_so_Discord_shows_them_only_to_their_author()
    {
        var message = Assert.Single(new DiscordEmbedFormatter().Format(new ErrorReply("Unknown command /x.")));

        Assert.True(message.IsError);
        Assert.Equal("Unknown command /x.", message.Text);
    }

    [Fact]
    public void Many_long_disagreements_continue_in_more_cards_each_within_6000_characters()
    {
        var citation = new Citation("Outlet A", 1, "q", "a long attribution " + new string('x', 600));
        var disagreements = Enumerable.Range(0, 10).Select(i => new Disagreement($"aspect {i}",
            [new DisagreementPosition("one " + new string('y', 200), [citation]), new DisagreementPosition("two", [citation with { Outlet = "Outlet B" }])])).ToList();
        var story = new Story("Story", [1, 2], ["Outlet A", "Outlet B"], [new Claim("Claim text.", [citation])], disagreements);
        var briefing = new Briefing(null, null, [Samples.Report(1, "Outlet A", "x"), Samples.Report(2, "Outlet B", "y")], [story]);

        var messages = new DiscordEmbedFormatter().Format(new BriefingReply(briefing));

        Assert.All(messages, AssertWithinDiscordLimits);
        Assert.Equal(10, messages.SelectMany(m => m.Cards!).SelectMany(c => c.Fields).Count());
    }

    [Fact]
    public void Escaping_never_pushes_a_reply_past_2000_characters()
    {
        var text = string.Concat(Enumerable.Repeat("snake_case ", 200)).Trim();

        var messages = new DiscordEmbedFormatter().Format(new TextReply(text));

        Assert.True(messages.Count >= 2);
        Assert.All(messages, m =>
        {
            Assert.True(m.Text.Length <= DiscordEmbedFormatter.ContentLimit);
            Assert.False(m.Text.EndsWith('\\'));
        });
        Assert.Equal(text.Replace("_", "\\_", StringComparison.Ordinal), string.Join(" ", messages.Select(m => m.Text)).Replace('\n', ' '));
    }
}
