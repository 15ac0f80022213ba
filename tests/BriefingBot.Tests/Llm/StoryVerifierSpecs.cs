using System.Text.Json;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Llm;

namespace BriefingBot.Tests.Llm;

public sealed class StoryVerifierSpecs
{
    private static readonly Citation Moscow = new("The Moscow Times", 1, "Three servicemen were killed, Russia's reconciliation center said.", "Russia's reconciliation center");
    private static readonly Citation Sana = new("SANA", 2, "Five soldiers were killed in the car bomb attack.", null);
    private static readonly Citation Wire = new("Wire", 3, "The blast happened near Idlib.", null);

    private static readonly Story Story = new("Car bomb near Idlib", [1, 2, 3], ["The Moscow Times", "SANA", "Wire"],
        [new Claim("Servicemen were killed.", [Moscow, Sana]), new Claim("The blast happened near Idlib.", [Wire])],
        [new Disagreement("the number killed", [new DisagreementPosition("three", [Moscow]), new DisagreementPosition("five", [Sana])])]);

    private static readonly StoryMaterial Material = StoryMaterial.From(Story);

    [Fact]
    public void The_material_gives_each_distinct_quote_one_id()
    {
        Assert.Equal(["q1", "q2", "q3"], Material.Quotes.Select(q => q.Id));
        Assert.Equal(Moscow, Material.Find("Q1")!.Citation);
        Assert.Contains("\"attributed_to\":\"Russia's reconciliation center\"", Material.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_keeps_only_its_sentences_that_verify_and_within_80_words()
    {
        var padding = string.Join(" ", Enumerable.Repeat("near Idlib", 40));
        var reply = $$"""
            {"summary": [
              {"text": "A car bomb exploded near Idlib.", "citations": [{"quote": "q3", "outlet": "Wire"}]},
              {"text": "Twelve soldiers were killed, SANA said.", "citations": [{"quote": "q2", "outlet": "SANA"}]},
              {"text": "Outlets differ on the toll: three killed or five.", "citations": [{"quote": "q1", "outlet": "The Moscow Times"}, {"quote": "q2", "outlet": "SANA"}]},
              {"text": "The blast happened {{padding}}.", "citations": [{"quote": "q3", "outlet": "Wire"}]}],
             "statements": [{"text": "A car bomb exploded near Idlib.", "citations": [{"quote": "q3", "outlet": "Wire"}]}]}
            """;

        var summary = StoryVerifier.Verify(reply, Material).Summary!;

        // "Twelve" is in no quote it cites; the last sentence would take the summary past 80 words.
        Assert.Equal("A car bomb exploded near Idlib. Outlets differ on the toll: three killed or five.", summary.Text);
        Assert.Equal([Wire, Moscow, Sana], summary.Sources);
    }

    [Fact]
    public void A_reply_without_a_summary_or_with_none_that_verifies_has_no_summary()
    {
        const string none = """{"statements": [{"text": "A car bomb exploded near Idlib.", "citations": [{"quote": "q3", "outlet": "Wire"}]}]}""";
        const string wrong = """{"summary": {"text": "Reuters said the blast was near Idlib.", "citations": [{"quote": "q3", "outlet": "Reuters"}]}, "statements": []}""";

        Assert.Null(StoryVerifier.Verify(none, Material).Summary);
        Assert.Null(StoryVerifier.Verify(wrong, Material).Summary);
    }

    [Fact]
    public void A_correct_answer_keeps_its_statements_with_the_engines_own_citations()
    {
        const string reply = """
            {"title": "Deadly car bomb near Idlib", "extra": 1, "statements": [
              {"text": "A car bomb exploded near Idlib.", "citations": [{"quote": "q3", "outlet": "Wire"}]},
              {"text": "Outlets differ on the toll: three killed or five.", "citations": [{"quote": "q1", "outlet": "the moscow times"}, {"quote": "q2", "outlet": "SANA"}]}]}
            """;

        var story = StoryVerifier.Verify(reply, Material);

        Assert.Null(story.FallbackReason);
        Assert.Null(story.Title);
        Assert.Equal(0, story.Dropped);
        Assert.Equal([Wire], story.Statements[0].Citations);
        Assert.Equal([Moscow, Sana], story.Statements[1].Citations);
    }

    [Fact]
    public void A_statement_citing_a_quote_that_does_not_exist_is_dropped()
    {
        var story = StoryVerifier.Verify("""{"statements": [{"text": "Ten were killed.", "citations": [{"quote": "q9", "outlet": "SANA"}]}, {"text": "A blast near Idlib.", "citations": [{"quote": "q3", "outlet": "Wire"}]}]}""", Material);

        Assert.Equal(1, story.Dropped);
        Assert.Equal(["A blast near Idlib."], story.Statements.Select(s => s.Text));
    }

    [Fact]
    public void An_outlet_whose_quote_does_not_back_the_statement_is_not_credited_with_it()
    {
        var story = StoryVerifier.Verify("""{"statements": [{"text": "Five soldiers were killed in the car bomb attack.", "citations": [{"quote": "q2", "outlet": "SANA"}, {"quote": "q3", "outlet": "Wire"}]}, {"text": "Ten soldiers died.", "citations": [{"quote": "q3", "outlet": "Wire"}]}]}""", Material);

        Assert.Equal([Sana], Assert.Single(story.Statements).Citations);
        Assert.Equal(1, story.Dropped);
    }

    [Fact]
    public void An_outlet_credited_with_another_outlets_quote_is_dropped()
    {
        var story = StoryVerifier.Verify("""{"statements": [{"text": "Five soldiers were killed.", "citations": [{"quote": "q2", "outlet": "The Moscow Times"}]}]}""", Material);

        Assert.True(story.FellBack);
        Assert.Equal("none of the model's 1 statement could be verified", story.FallbackReason);
    }

    [Fact]
    public void Prose_that_names_an_outlet_it_does_not_cite_is_dropped()
    {
        var story = StoryVerifier.Verify("""{"statements": [{"text": "SANA says five soldiers died.", "citations": [{"quote": "q1", "outlet": "The Moscow Times"}]}]}""", Material);

        Assert.True(story.FellBack);
    }

    [Theory]
    [InlineData("", "the model's reply was empty")]
    [InlineData("I cannot help with that.", "the model's reply was not JSON")]
    [InlineData("{\"statements\": [", "the model's reply was not JSON")]
    [InlineData("{\"statements\": [}", "the model's reply was not valid JSON")]
    [InlineData("{\"summary\": \"no statements here\"}", "the model's reply had no statements")]
    public void Replies_that_are_not_the_contract_fall_back_with_the_reason(string reply, string reason)
    {
        Assert.Equal(reason, StoryVerifier.Verify(reply, Material).FallbackReason);
    }

    [Fact]
    public void JSON_wrapped_in_a_code_fence_is_read()
    {
        var story = StoryVerifier.Verify("Here you go:\n```json\n{\"statements\": [{\"text\": \"A blast near Idlib.\", \"citations\": [{\"quote\": \"q3\", \"outlet\": \"Wire\"}]}]}\n```", Material);

        Assert.Single(story.Statements);
    }

    private static string One(string text, string quote = "q1", string outlet = "The Moscow Times") =>
        JsonSerializer.Serialize(new { statements = new[] { new { text, citations = new[] { new { quote, outlet } } } } });

    [Theory]
    [InlineData("Reuters reported the attack was staged.")]
    [InlineData("Ukraine's army said three servicemen were killed.")]
    [InlineData("Forty servicemen were killed, Russia's reconciliation center said.")]
    [InlineData("According to the Syrian state agency, three servicemen were killed.")]
    [InlineData("S\u0410NA said three servicemen were killed.")]
    [InlineData("S\u200BANA said three servicemen were killed.")]
    [InlineData("Three servicemen were killed; details at https://evil.example/x.")]
    [InlineData("Three servicemen were killed, @everyone.")]
    [InlineData("The Kremlin warned that three servicemen were killed.")]
    [InlineData("Kyiv accused Moscow after three servicemen were killed.")]
    [InlineData("Three servicemen were killed, the governor insisted.")]
    public void Prose_that_credits_anyone_or_anything_its_citation_does_not_back_is_dropped(string text)
    {
        Assert.True(StoryVerifier.Verify(One(System.Text.RegularExpressions.Regex.Unescape(text)), Material).FellBack, text);
    }

    [Theory]
    [InlineData("Three servicemen were killed, Russia's reconciliation center said.")]
    [InlineData("The Moscow Times reported that three servicemen were killed.")]
    [InlineData("According to The Moscow Times, three servicemen were killed in the attack.")]
    [InlineData("Russia's reconciliation center warned that three servicemen were killed.")]
    public void Prose_that_credits_only_its_citation_is_kept(string text)
    {
        Assert.Equal(text, Assert.Single(StoryVerifier.Verify(One(text), Material).Statements).Text);
    }

    [Fact]
    public void A_short_outlet_name_inside_other_words_is_not_taken_for_a_credit()
    {
        var rt = new Citation("RT", 4, "Three servicemen were killed near the port.", null);
        var story = new Story("Blast", [1, 4], ["The Moscow Times", "RT"], [new Claim("Killed.", [Moscow, rt])], []);

        var verified = StoryVerifier.Verify(One("Three servicemen were killed in a blast near the port, which hurt transport."), StoryMaterial.From(story));

        Assert.Single(verified.Statements);
    }

    [Fact]
    public void A_statement_in_another_language_than_its_quotes_is_dropped()
    {
        Assert.True(StoryVerifier.Verify(One("Три военнослужащих погибли."), Material).FellBack);
    }

    [Fact]
    public void Invisible_format_characters_never_reach_the_statement_users_see()
    {
        var verified = StoryVerifier.Verify(One("Three servicemen\u202e were killed."), Material);

        Assert.Equal("Three servicemen were killed.", Assert.Single(verified.Statements).Text);
    }
}
