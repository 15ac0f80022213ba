using BriefingBot.Core.Text;

namespace BriefingBot.Bench.Data;

/// <summary>The questions ask-quality puts to the allsides-dev pool: each story's headline in the styles members type.</summary>
internal sealed record AskQualitySets(IReadOnlyList<(string Question, int StoryId)> Typed, IReadOnlyList<(string Style, IReadOnlyList<(string Question, int StoryId)> Questions)> Styles);

internal static class AskQualityQuestions
{
    /// <summary>
    /// Questions about nothing stored used only to pick settings (the bench's own <see cref="Questions.Uncovered"/> are the
    /// ones reported), in the same style: a specific thing, place or event no allsides-dev story is about.
    /// </summary>
    public static readonly IReadOnlyList<string> TuningUncovered =
    [
        "Who won the chess olympiad in Chennai?", "What happened at the Tallinn song festival?", "Did the Lofoten cod season open?",
        "Is the Ushuaia ferry running again?", "What did the Andorra ski federation announce?", "Any news on the Gdansk amber market?",
        "Who was crowned at the Sapporo snow sculpture contest?", "What happened to the Madeira levada trail?", "Did the Tonga volcano observatory reopen?",
        "What is new with the Galapagos tortoise count?", "Who leads the Dakar rally motorbike class?", "Did the Camembert cheese fair go ahead?",
        "What happened to the Ulaanbaatar horse race?", "Any update on the Cappadocia balloon flights?", "Who won the Ironman in Kona?",
        "What did the Vatican observatory find on the asteroid?", "Did the Oaxaca mezcal harvest fail?", "What happened with the Reunion island shark nets?",
        "Is the Trans-Siberian sleeper train back?", "Who won the sheepdog trials in Wales?", "What did the Maori language commission decide?",
        "Any news on the Bavarian beer purity festival?", "Did the Sahara solar farm in Ouarzazate expand?", "What happened at the Venice glassblowing guild?",
        "Who carved the ice hotel in Jukkasjarvi this winter?", "Did the Azores whale watching season start?", "What happened to the Lake Titicaca reed islands?",
        "Is the Orkney tidal turbine working?", "Who won the Kiruna dog sled race?", "What is the latest on the Borneo orangutan rescue?",
    ];

    public static AskQualitySets Build(IReadOnlyList<NewsStory> stories)
    {
        var random = new Random(20210722);
        var typed = stories.Select(s => (s.Headline, s.Id)).ToList();
        var lower = stories.Select(s => (s.Headline.ToLowerInvariant(), s.Id)).ToList();
        var words = new List<(string, int)>();
        var names = new List<(string, int)>();
        foreach (var story in stories)
        {
            var content = ContentWords(story.Headline).ToList();
            if (content.Count >= 3)
                words.Add(("what about " + string.Join(" ", content.OrderBy(_ => random.Next()).Take(3)).ToLowerInvariant() + "?", story.Id));
            if (Name(story) is { } name)
                names.Add((name, story.Id));
        }

        return new AskQualitySets(typed, [("as typed", typed), ("lower-cased", lower), ("three content words", words), ("name only", names)]);
    }

    private static IEnumerable<string> ContentWords(string text) =>
        Tokenizer.Tokenize(text).Select(t => t.Surface).Where(w => w.Length >= 4 && !Stopwords.IsStopword(w) && w.Any(char.IsLetter));

    /// <summary>
    /// The first run of headline words that the roundup writes with a capital inside a sentence (so a name, not a word
    /// capitalised for the headline): "DeSantis", "Joe Manchin".
    /// </summary>
    private static string? Name(NewsStory story)
    {
        var capitalised = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in Tokenizer.Tokenize(story.Roundup))
        {
            var before = story.Roundup[..token.Start].TrimEnd(' ', '"', '“', '\'', '‘', '(');
            if (token.Capitalized && before.Length > 0 && !".!?:\n".Contains(before[^1], StringComparison.Ordinal))
                capitalised.Add(token.Surface);
        }

        var run = new List<string>();
        foreach (var token in Tokenizer.Tokenize(story.Headline))
        {
            var isName = capitalised.Contains(token.Surface) && !Stopwords.IsStopword(token.Surface) && token.Surface.Length >= 3;
            if (isName)
                run.Add(token.Surface);
            else if (run.Count > 0)
                break;
        }

        return run.Count > 0 ? string.Join(" ", run) : null;
    }
}
