namespace BriefingBot.Core.Analysis.Attribution;

/// <summary>A capitalised name of a person or an organisation named in a sentence, outside quotations.</summary>
/// <param name="AliasOf">The name this acronym abbreviates ("CDC" in "the Centers for Disease Control and Prevention (CDC)").</param>
/// <param name="Possessive">Named as a possessor ("Trump’s administration"), not as someone acting.</param>
internal sealed record Mention(string Text, CreditKind Kind, int Token, string? AliasOf = null, bool Possessive = false)
{
    /// <summary>How the party is recognised again: its last word, lower-case, without a possessive ("biden").</summary>
    public string Key => KeyOf(Text);

    public static string KeyOf(string text)
    {
        var last = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].ToLowerInvariant();
        return last.EndsWith("'s", StringComparison.Ordinal) || last.EndsWith("’s", StringComparison.Ordinal) ? last[..^2] : last.TrimEnd('\'', '’', '.');
    }
}

/// <summary>What the clause analysis found in one sentence.</summary>
/// <param name="Speaker">The subject of the sentence's main reporting verb ("X said", "said X", "X told Y").</param>
/// <param name="According">The party of "according to X".</param>
/// <param name="Cited">The party of "…, citing X".</param>
/// <param name="Second">A second speaker of the same clause ("media reported and the military confirmed").</param>
/// <param name="QuoteLed">The sentence opens with a quotation mark.</param>
/// <param name="EndsInOpenQuote">A quotation is still open at its end (it goes on in the next sentence or paragraph).</param>
/// <param name="IntroducesQuote">It ends with a colon after its speaker ("Biden said:"), so the next quotation is theirs.</param>
/// <param name="Earlier">A speaker of a subordinate clause before the main one ("While the FDA said …, it noted …").</param>
/// <param name="Subject">The sentence's own subject when its speaker is "it"/"they" after a comma ("The United States will
/// spend $3.5 billion …, it said") or in a subordinate clause: what the pronoun most likely means.</param>
/// <param name="Partial">When no speaker credits the whole sentence: the speaker of a subordinate clause that reports what
/// was said ("… targets that the Pentagon said were used by militias", "prosecutors who said it should stand").</param>
/// <param name="Other">Another named party that reports a clause of its own after the main speaker's ("Officials said the
/// fire was under control, but residents said …", "The Senate confirmed the nominee, whom Democrats said was
/// unqualified"): the main speaker said part of the sentence only.</param>
internal sealed record ClauseReading(
    IReadOnlyList<ClauseToken> Tokens,
    SpeakerPhrase? Speaker,
    SpeakerPhrase? According,
    SpeakerPhrase? Cited,
    SpeakerPhrase? Second,
    bool HasQuote,
    bool QuoteLed,
    bool EndsInOpenQuote,
    bool IntroducesQuote,
    IReadOnlyList<Mention> Mentions,
    SpeakerPhrase? Earlier = null,
    SpeakerPhrase? Subject = null,
    SpeakerPhrase? Partial = null,
    SpeakerPhrase? Other = null);

/// <summary>
/// A small rule-based clause analysis of one sentence: its reporting verbs outside quotations, the subject of
/// each (before the verb, skipping auxiliaries, times and an appositive "X, who …, said"; or after it, "…,” said
/// X"), whether that clause is the sentence's main one (a verb after "that", "which", "after" does not credit the
/// sentence), "according to X" and "citing X"; and the names the sentence mentions, for resolving pronouns later.
/// </summary>
internal static class ClauseAnalyzer
{
    private static readonly HashSet<string> SkipBefore = new(StringComparer.OrdinalIgnoreCase)
    {
        "has", "have", "had", "also", "later", "earlier", "previously", "again", "repeatedly", "publicly", "privately", "separately", "recently",
        "initially", "first", "then", "reportedly", "further", "already", "once", "just", "originally", "subsequently", "quickly", "immediately",
        "long", "often", "frequently", "similarly", "likewise", "flatly", "falsely", "wrongly", "correctly", "accurately", "even", "repeatedly",
        "on", "late", "early", "last", "this", "next", "not", "n't", "never", "was", "were", "is", "are", "be", "been", "being", "would", "will",
        "could", "can", "may", "might", "should", "must", "did", "does", "do", "to", "both", "all", "specifically", "explicitly", "directly",
        "bluntly", "openly", "angrily", "ultimately", "finally", "eventually", "now", "still", "yet", "simply", "herself", "himself",
        "themselves", "itself", "clearly", "plainly", "strongly", "forcefully", "firmly", "emphatically", "jointly", "together",
    };

    private static readonly HashSet<string> Rejecting = new(StringComparer.OrdinalIgnoreCase)
    {
        "not", "n't", "never", "was", "were", "is", "are", "be", "been", "being", "would", "will", "could", "can", "may", "might", "should", "must",
        "did", "does", "do", "to",
    };

    private static readonly HashSet<string> TitleParts = new(StringComparer.OrdinalIgnoreCase)
    {
        "house", "senate", "majority", "minority", "vice", "deputy", "assistant", "acting", "former", "chief", "prime", "general", "attorney",
        "press", "secretary", "white", "state", "foreign", "defense", "health", "surgeon", "national", "security", "homeland", "interior",
    };

    private static readonly HashSet<string> Research = new(StringComparer.OrdinalIgnoreCase) { "researchers", "scientists", "investigators", "experts", "analysts", "economists", "authors", "pollsters" };

    public static ClauseReading Analyze(string sentence)
    {
        var t = ClauseTokenizer.Tokenize(sentence);
        var hasQuote = t.Any(x => x.Kind is TokenKind.OpenQuote or TokenKind.CloseQuote);
        var quoteLed = t.Count > 0 && t[0].Kind == TokenKind.OpenQuote;
        var endsOpen = t.Count > 0 && t[^1].InQuote && t[^1].Kind != TokenKind.CloseQuote;

        SpeakerPhrase? according = null, cited = null, speaker = null, second = null;
        for (var i = 0; i + 1 < t.Count; i++)
        {
            if (t[i].InQuote || !t[i].IsWord)
                continue;
            if (t[i].Lower == "according" && t[i + 1].Lower == "to" && according is null)
                according = PhraseAfter(sentence, t, i + 2);
            else if (t[i].Lower == "citing" && cited is null && i > 0 && (t[i - 1].Kind == TokenKind.Comma || Lexicon.ReportingVerbs.Contains(t[i - 1].Text)))
                cited = PhraseAfter(sentence, t, i + 1);
        }

        var speakerVerb = -1;
        SpeakerPhrase? earlier = null, partial = null;
        for (var v = 0; v < t.Count; v++)
        {
            if (t[v].InQuote || !t[v].IsWord || t[v].IsCapitalized || !Lexicon.ReportingVerbs.Contains(t[v].Text))
                continue;
            // "three officers accused of aiding and abetting": charged, not speaking.
            if (t[v].Lower is "accused" && v + 1 < t.Count && t[v + 1].Lower == "of")
                continue;
            // "called for a ceasefire", "called on Congress to act" report what a party asked; "called police", "a group
            // called Hamas" do not.
            if (t[v].Lower is "called" && (v + 1 >= t.Count || t[v + 1].Lower is not ("for" or "on")) && !NamesWithQuote(t, v))
                continue;
            var (phrase, main) = SubjectOf(sentence, t, v);
            if (phrase is not null && main)
            {
                speaker = phrase;
                speakerVerb = v;
                break;
            }

            if (phrase is { Form: PhraseForm.Stated })
                earlier ??= phrase;
            if (partial is null && !Lexicon.FindingVerbs.Contains(t[v].Text) && t[v].Lower != "pointed" && ReportsAClause(t, v))
                partial = phrase ?? RelativeAntecedent(sentence, t, v);
            if (partial is null && phrase is null)
                partial = PassiveAgent(sentence, t, v);
        }

        if (speaker is not null || according is not null || cited is not null)
            partial = null;

        // "media reported and the Russian military confirmed Tuesday": a second speaker of the same clause.
        if (speaker is not null && speakerVerb > speaker.To)
        {
            var a = speakerVerb + 1;
            while (a < t.Count && t[a].IsWord && Lexicon.TimeWords.Contains(t[a].Text))
                a++;
            if (a < t.Count && t[a].Lower == "and")
            {
                for (var v = a + 2; v < Math.Min(t.Count, a + 10); v++)
                {
                    if (!t[v].IsWord || t[v].IsCapitalized || !Lexicon.ReportingVerbs.Contains(t[v].Text))
                        continue;
                    var p = SpeakerPhrases.Parse(sentence, t, a + 1, v - 1);
                    var after = v + 1;
                    while (after < t.Count && t[after].IsWord && Lexicon.TimeWords.Contains(t[after].Text))
                        after++;
                    if (p is { Form: PhraseForm.Stated } && (after >= t.Count || t[after].IsBreak))
                        second = p;
                    break;
                }
            }
        }

        // "Brazil's JBS SA told the U.S. government that …, the White House said on Tuesday.": the speaker at the end is
        // whom the outlet heard it from, relaying the first (as "X announced …, according to Y").
        if (speaker is not null && according is null && second is null)
            according = TailSpeaker(sentence, t, speakerVerb, speaker);

        var introduces = speaker is not null && t.Count > 0 && t[^1].Kind == TokenKind.Colon;
        var subject = speaker is { Form: PhraseForm.Pronoun } && speaker.Text.ToLowerInvariant() is "it" or "they" && speaker.From > 0 && t[speaker.From - 1].Kind == TokenKind.Comma
            ? InitialSubject(sentence, t, speaker.From)
            : partial is { Form: PhraseForm.Pronoun } ? InitialSubject(sentence, t, partial.From) : null;
        // "Microsoft's cloud revenue rose 20%, it said": a possessor is not the subject.
        if (subject is not null && (IsPossessive(t[subject.To].Text) || subject.To + 1 < t.Count && t[subject.To + 1].Text is "'" or "’"))
            subject = null;
        var other = speaker is null ? null : OtherSpeaker(sentence, t, speakerVerb, speaker);
        return new ClauseReading(t, speaker, according, cited, second, hasQuote, quoteLed, endsOpen, introduces, Mentions(sentence, t), earlier, subject, partial, other);
    }

    /// <summary>
    /// "the president" after "President Joe Biden", "the prime minister" after "Indian Prime Minister Narendra Modi": a
    /// definite description, all in lower case, whose words are the title the speaker was named with.
    /// </summary>
    private static bool SameByRole(string described, string speaker)
    {
        var words = described.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || !words[0].Equals("the", StringComparison.OrdinalIgnoreCase) || words.Skip(1).Any(w => char.IsUpper(w[0])))
            return false;
        var title = speaker.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToHashSet();
        return words.Skip(1).All(title.Contains);
    }

    /// <summary>Words that join a clause of its own to the one before: "…, but residents said", "…; police said".</summary>
    private static readonly HashSet<string> Joining = new(StringComparer.OrdinalIgnoreCase) { "but", "while", "whereas", "although", "though", "and", "whom", "who", "which", "whose", "as" };

    /// <summary>Nouns for what the main speaker said, in "…, a claim (that) X disputed".</summary>
    private static readonly HashSet<string> ClaimNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "claim", "charge", "figure", "assertion", "allegation", "accusation", "account", "version", "estimate", "number", "statement",
    };

    /// <summary>
    /// A named party other than the main speaker that reports a clause after the main verb, in a clause joined to the
    /// sentence by a comma or a semicolon and a conjunction or relative pronoun ("…, but residents said flames were still
    /// visible", "…, whom Democrats said was unqualified"). What follows the main verb directly ("said that rebels said
    /// …") is the main speaker's report and is not looked at.
    /// </summary>
    private static SpeakerPhrase? OtherSpeaker(string sentence, IReadOnlyList<ClauseToken> t, int speakerVerb, SpeakerPhrase speaker)
    {
        for (var v = Math.Max(speakerVerb, speaker.To) + 2; v < t.Count; v++)
        {
            if (t[v].InQuote || !t[v].IsWord || t[v].IsCapitalized || !Lexicon.ReportingVerbs.Contains(t[v].Text) || Lexicon.FindingVerbs.Contains(t[v].Text))
                continue;
            // "a man said to be", "a deal reported by": not a party's own clause; "…, a claim Hamas has denied.": no words
            // of its own in the sentence.
            if (v + 1 >= t.Count || t[v + 1].IsBreak || t[v + 1].Lower is "to" or "by")
                continue;
            var from = v - 1;
            while (from >= 0 && t[from].IsWord && !Joining.Contains(t[from].Text))
                from--;
            // "…, a claim (that) local residents said was false": the claim's words open the other party's clause.
            if (from >= 0 && t[from].Kind == TokenKind.Comma && from + 3 < v && t[from + 1].Lower is "a" or "an" or "the" && ClaimNouns.Contains(t[from + 2].Text))
                from = t[from + 3].Lower is "that" or "which" ? from + 3 : from + 2;
            else if (from < 1 || !t[from].IsWord || t[from - 1].Kind is not (TokenKind.Comma or TokenKind.Semicolon) && t[from].Lower != "while")
                continue;
            if (from + 1 > v - 1)
                continue;
            var phrase = SpeakerPhrases.Parse(sentence, t, from + 1, v - 1);
            if (phrase is null || Mention.KeyOf(phrase.Text) == Mention.KeyOf(speaker.Text))
                continue;
            // "President Joe Biden said …, while the president also said": the speaker again, by the role in the name.
            // Unsure ("the player", "his physician") is another party: the main speaker is then credited in part, which is
            // true either way.
            if (phrase.Form == PhraseForm.Stated && !SameByRole(phrase.Text, speaker.Text))
                return phrase;
            // "Protesters said …, which the police said was necessary": "the police" is another party when the speaker is
            // a person or a group; after an institution ("The ministry said …, while the agency said") it may be the same.
            if (phrase.Form == PhraseForm.BackReference && speaker.Kind is CreditKind.Person or CreditKind.Group)
                return phrase;
        }

        return null;
    }

    private static readonly HashSet<string> FiniteWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "are", "was", "were", "had", "has", "have", "would", "will", "could", "can", "should", "must", "may", "might", "did", "does", "do",
    };

    /// <summary>Verbs whose next noun phrase is the subject of what was said ("said the committee had agreed"), not their object.</summary>
    private static readonly HashSet<string> ClauseVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "said", "says", "say", "argued", "argues", "argue", "claimed", "claims", "insisted", "insists", "contended", "contends", "asserted",
        "asserts", "warned", "warns", "warn", "stressed", "emphasized", "added", "noted", "explained", "predicted", "cautioned",
    };

    private static readonly HashSet<string> SubjectPronouns = new(StringComparer.OrdinalIgnoreCase) { "he", "she", "it", "they", "we", "i" };

    /// <summary>
    /// Whether the verb at <paramref name="v"/> reports what was said, not a thing done: a quotation or "that" right
    /// after it, a pronoun subject ("announced they were"), "told X that", "announced on Friday that"; after "said" and its
    /// kin also a finite verb before the next break ("said were used by", "said the committee had agreed"). Not an object
    /// ("wrote the Dred Scott decision", "wrote a tweet that seemed …").
    /// </summary>
    private static bool ReportsAClause(IReadOnlyList<ClauseToken> t, int v)
    {
        var next = v + 1;
        if (next >= t.Count)
            return false;
        if (t[next].Kind == TokenKind.OpenQuote || t[next].Kind == TokenKind.Comma && next + 1 < t.Count && t[next + 1].Kind == TokenKind.OpenQuote)
            return true;
        if (!t[next].IsWord || t[next].InQuote)
            return false;
        if (t[next].Lower == "that" || SubjectPronouns.Contains(t[next].Text))
            return true;
        var tell = t[v].Lower is "told" or "tells" or "tell";
        var clause = ClauseVerbs.Contains(t[v].Text);
        var adverbial = Lexicon.TimeWords.Contains(t[next].Text) || t[next].Lower is "in" or "on" or "at" or "during" or "via" or "through" or "last" or "this" or "earlier";
        if (!tell && !clause && !adverbial)
            return false;
        var adverbialOnly = true;
        for (var k = next; k < t.Count && k <= v + 12; k++)
        {
            // "claimed his 24th title at a tournament that was played", "said Mass in a square that was packed": after
            // an object, "that" opens a relative clause about it.
            if (!tell && !adverbialOnly && t[k].IsWord && t[k].Lower is "that" or "which" or "who")
                return false;
            // "told would-be immigrants “do not come”", "said the two “had a detailed discussion”", "said in a status
            // update …, that the issue".
            if ((tell || clause) && t[k].Kind == TokenKind.OpenQuote || t[k].Kind == TokenKind.Comma && k + 1 < t.Count && t[k + 1].Lower == "that")
                return true;
            if (!t[k].IsWord || t[k].InQuote)
                return false;
            if (t[k].Lower == "that" || clause && FiniteWords.Contains(t[k].Text))
                return true;
            adverbialOnly &= Lexicon.TimeWords.Contains(t[k].Text) || IsDate(t, k) || t[k].Lower is "in" or "on" or "at" or "during" or "last" or "this" or "earlier" or "a" or "an" or "the"
                             or "statement" or "interview" or "briefing" or "post" or "tweet" or "letter" or "release" or "conference" or "news" or "press";
        }

        return false;
    }

    /// <summary>Participles whose agent announced or stated what they modify ("the program, announced on Thursday by the Department").</summary>
    private static readonly HashSet<string> AgentParticiples = new(StringComparer.OrdinalIgnoreCase)
    {
        "announced", "reported", "stated", "declared", "revealed", "disclosed", "alleged", "told", "tweeted", "acknowledged", "predicted",
        "estimated",
    };

    /// <summary>
    /// "The new program, announced on Thursday by the Department of Health and Human Services, will …", "proposals already
    /// announced by Biden": the agent of a reporting participle made what the phrase names, a credit in part. Only a
    /// party named right after "by" (times may come between); "confirmed/found/denied/claimed/projected by" are often acts,
    /// not statements ("the seat, claimed by Republicans in 2020", "images projected by activists onto the walls").
    /// </summary>
    private static SpeakerPhrase? PassiveAgent(string sentence, IReadOnlyList<ClauseToken> t, int v)
    {
        if (!AgentParticiples.Contains(t[v].Text))
            return null;
        var by = v + 1;
        while (by < t.Count && t[by].IsWord && (Lexicon.TimeWords.Contains(t[by].Text) || IsDate(t, by) || t[by].Lower is "on" or "last" or "this" or "earlier" or "late" or "early"))
            by++;
        if (by + 1 >= t.Count || t[by].Lower != "by" || t[by].InQuote)
            return null;
        var end = by + 1;
        while (end < t.Count && (t[end].IsWord || t[end].Text is "&" or "’" or "'") && !t[end].InQuote && !(t[end].Lower is "that" or "who" or "which" or "when" or "as" or "after" or "while" or "in" or "on" or "at" or "during" or "to"))
            end++;
        // "proposals already announced by Biden will be debated": the longest run of words after "by" that names a party.
        for (var e = end - 1; e > by; e--)
        {
            if (SpeakerPhrases.Parse(sentence, t, by + 1, e) is { } agent)
                return agent is { Form: PhraseForm.Stated or PhraseForm.BackReference, Kind: not CreditKind.Document } ? agent : null;
        }

        return null;
    }

    /// <summary>"over the objection of prosecutors who said …", "Fastly, which said …": the party the relative clause is about.</summary>
    private static SpeakerPhrase? RelativeAntecedent(string sentence, IReadOnlyList<ClauseToken> t, int v)
    {
        // "that" right before the verb is a relative pronoun: a clause's own "that" is followed by its subject.
        if (v < 2 || !(t[v - 1].Lower is "who" or "which" or "that"))
            return null;
        var comma = t[v - 2].Kind == TokenKind.Comma;
        var end = comma ? v - 3 : v - 2;
        SpeakerPhrase? longest = null;
        var inner = false;
        var people = t[v - 1].Lower == "who";
        // "who" is about people, "which" and "that" about institutions and documents.
        bool Fits(SpeakerPhrase p) => people
            ? p.Kind is CreditKind.Person or CreditKind.Group or CreditKind.Name
            : p.Kind is CreditKind.Organisation or CreditKind.Document or CreditKind.Name || p.Kind == CreditKind.Group && char.IsUpper(p.Head[0]);
        // A capitalised word inside a name ("Court of Appeals"), not a role ("the CEO of", "Officials at" opening the sentence).
        bool NamePart(int k) => t[k].IsCapitalized && k > 0 && !SpeakerPhrases.IsAcronym(t[k].Text);
        for (var from = end; from >= 0 && end - from < 8 && t[from].IsWord && !IsSubordinator(t, from); from--)
        {
            // "The senator criticized the generals, who said": the clause is about the noun before it, not the subject; a
            // lower-case word that names nothing (a verb) ends the phrase.
            if (!t[from].IsCapitalized && from < end && !Nominal(t[from]))
                break;
            if (SpeakerPhrases.Parse(sentence, t, from, end) is { } p
                && Fits(p))
            {
                // "Rupert Murdoch" of "the son of Rupert Murdoch": a party inside a role's description ("Court of Appeals" is one name).
                inner |= longest is not null && p.From >= 2 && t[p.From - 1].Lower is "of" or "for" or "at" or "in" or "from" && t[p.From - 2].IsWord && !NamePart(p.From - 2);
                inner |= p.From + 2 <= end && Enumerable.Range(p.From + 1, end - p.From).Any(k => t[k].Lower is "of" or "for" or "at" or "in" or "from" && !NamePart(k - 1)
                             && SpeakerPhrases.Parse(sentence, t, k + 1, end) is { } o && Fits(o));
                longest = p;
            }
        }

        // "The son of Rupert Murdoch, who said": two parties either could be; a label ("Sen. Bob Menendez, D-N.J., who
        // said") is not one.
        if (inner || longest is not null && longest.From == longest.To && IsLabel(t[longest.From]))
            return null;

        // "a fact sheet, issued during the final days of the Trump administration, which said": after a comma the clause
        // may be about a noun before a prepositional phrase; only a phrase that is not a preposition's object is sure.
        if (comma && longest is not null && longest.From > 0 && t[longest.From - 1].IsWord && !t[longest.From - 1].IsCapitalized
            && t[longest.From - 1].Lower is "of" or "in" or "by" or "from" or "for" or "with" or "at" or "on" or "to" or "during" or "against" or "over" or "under")
            return null;
        return longest;
    }

    /// <summary>A lower-case word that may stand in a speaker's noun phrase: a role, a modifier, a determiner, a connector, a number.</summary>
    private static bool Nominal(ClauseToken w)
    {
        var lower = w.Lower;
        var singular = lower.EndsWith('s') && lower.Length > 3 ? lower[..^1] : lower;
        return lower is "the" or "a" or "an" or "of" or "for" or "at" or "in" or "from" or "and" or "his" or "her" or "its" or "their" or "some" or "several" or "many"
               || Lexicon.Modifiers.Contains(lower) || Lexicon.PersonHeads.Contains(lower) || Lexicon.PersonHeads.Contains(singular) || Lexicon.GroupHeads.Contains(lower)
               || Lexicon.OrganisationHeads.Contains(lower) || Lexicon.OrganisationHeads.Contains(singular) || Lexicon.DocumentHeads.Contains(lower) || Lexicon.DocumentHeads.Contains(singular)
               || lower.Contains('-', StringComparison.Ordinal) || char.IsDigit(lower[0]) || IsPossessive(lower);
    }

    /// <summary>The phrase that starts at <paramref name="from"/> and runs to the next break ("according to X, …").</summary>
    private static SpeakerPhrase? PhraseAfter(string sentence, IReadOnlyList<ClauseToken> t, int from)
    {
        var end = from;
        while (end < t.Count && (t[end].IsWord || t[end].Text is "&" or "’" or "'") && !t[end].InQuote && !(t[end].Lower is "that" or "who" or "which" or "when" or "because" or "as" or "after" or "while" or "through" or "since" or "until"))
            end++;
        // "(CDC)" after a name: keep it inside, Trim drops it.
        if (end < t.Count && t[end].Kind == TokenKind.OpenParen)
        {
            var close = end + 1;
            while (close < t.Count && t[close].Kind != TokenKind.CloseParen && close - end < 6)
                close++;
            if (close < t.Count && t[close].Kind == TokenKind.CloseParen && (close + 1 >= t.Count || t[close + 1].IsBreak))
                end = close + 1;
        }

        if (end <= from)
            return null;
        var phrase = SpeakerPhrases.Parse(sentence, t, from, end - 1);
        if (phrase is not null)
            return phrase;
        // "according to a race call from The Associated Press": the named source after "from"/"by".
        for (var k = end - 2; k > from; k--)
        {
            // "according to a new report by two Senate committees": a determiner or a number before the name.
            if (t[k].Lower is "from" or "by" && t[k + 1].IsWord && (t[k + 1].IsCapitalized || t[k + 1].Lower is "the" or "a" or "an" or "two" or "three" or "four" or "several" && k + 2 < end && t[k + 2].IsCapitalized))
                return SpeakerPhrases.Parse(sentence, t, k + 1, end - 1) is { Kind: CreditKind.Organisation or CreditKind.Person or CreditKind.Name or CreditKind.Group } agent ? agent : null;
        }

        return null;
    }

    /// <summary>The subject of the reporting verb at <paramref name="v"/>, and whether its clause is the sentence's main one.</summary>
    private static (SpeakerPhrase? Phrase, bool Main) SubjectOf(string sentence, IReadOnlyList<ClauseToken> t, int v)
    {
        var verb = t[v].Lower;
        if (verb == "pointed" && (v + 1 >= t.Count || t[v + 1].Lower != "out"))
            return (null, false);
        // "dismissed claims that …", "rejects reports of …": a noun after a verb.
        if (Lexicon.NounLikeVerbs.Contains(verb) && v > 0 && t[v - 1].IsWord && !t[v - 1].IsCapitalized && (t[v - 1].Lower.EndsWith("ed", StringComparison.Ordinal) || t[v - 1].Lower.EndsWith('s')) && !Lexicon.GroupHeads.Contains(t[v - 1].Text))
            return (null, false);
        if (Lexicon.NounLikeVerbs.Contains(verb) && v + 1 < t.Count && t[v + 1].IsWord && !t[v + 1].IsCapitalized
            && !(t[v + 1].Lower is "that" or "the" or "a" or "an" or "it" or "he" or "she" or "they" or "there" or "this" or "its" or "his" or "her" or "their" or "in" or "on"))
            return (null, false);

        // "Proposals already announced by Biden …", "A state of emergency declared by Gov. Andy Beshear …": a participle
        // with its agent, not the verb of the words before it.
        if (PassiveAgent(sentence, t, v) is not null)
            return (null, false);

        // "…,” said X" / "…, said the official".
        if (Lexicon.InvertibleVerbs.Contains(verb) && v > 0 && t[v - 1].Kind is TokenKind.Comma or TokenKind.CloseQuote)
        {
            var end = v + 1;
            while (end < t.Count && (t[end].IsWord || t[end].Text is "&" or "’" or "'") && !(t[end].Lower is "who" or "that" or "which" or "whose"))
                end++;
            if (end > v + 1)
            {
                var inverted = SpeakerPhrases.Parse(sentence, t, v + 1, end - 1);
                if (inverted is not null && (inverted.Form != PhraseForm.Pronoun || inverted.Text.ToLowerInvariant() is "he" or "she"))
                    return (inverted, true);
            }
        }

        var i = v - 1;
        var rejected = false;
        while (i >= 0 && t[i].IsWord && (SkipBefore.Contains(t[i].Text) && !t[i].IsCapitalized || IsAdverb(t[i]) || Lexicon.TimeWords.Contains(t[i].Text) || IsDate(t, i) || t[i].Text == "n't"))
        {
            if (Rejecting.Contains(t[i].Text))
                rejected = true;
            i--;
        }

        if (rejected || i < 0)
            return (null, false);
        // "[Biles] said": an editor's bracket around the speaker's name.
        if (t[i].Text == "]" && i >= 2 && t[i - 2].Text == "[" && t[i - 1].IsCapitalized && (i == 2 || t[i - 3].IsBreak))
            return (SpeakerPhrases.Parse(sentence, t, i - 1, i - 1), true);
        // "his stated deadline", "the reported cases", "500 confirmed cases": an adjective, not a verb.
        if (t[i].IsWord && (t[i].Lower is "the" or "a" or "an" or "his" or "her" or "its" or "their" or "our" or "my" or "your" or "of" or "with" or "by" or "for" || t[i].Text.All(c => char.IsDigit(c) || c == ',')))
            return (null, false);

        // "X, who …, said", "X, a spokesman for Y, said", "X (D-Calif.) said".
        (int From, int To)? appositive = null;
        if (t[i].Kind is TokenKind.Comma or TokenKind.CloseParen or TokenKind.Dash)
        {
            var open = t[i].Kind == TokenKind.CloseParen ? TokenKind.OpenParen : t[i].Kind;
            var j = i - 1;
            while (j >= 0 && t[j].Kind != open && !(open == TokenKind.Comma && t[j].Kind is TokenKind.CloseQuote or TokenKind.OpenQuote or TokenKind.Colon or TokenKind.Semicolon))
                j--;
            if (j < 0 || t[j].Kind != open || j == i - 1)
                return (null, false);
            for (var k = j + 1; k < i; k++)
            {
                if (t[k].InQuote || t[k].IsWord && !t[k].IsCapitalized && Lexicon.ReportingVerbs.Contains(t[k].Text) && !(k > j + 1 && t[k - 1].Lower is "who" or "which"))
                    return (null, false);
            }

            appositive = (j + 1, i - 1);
            i = j - 1;
            while (i >= 0 && t[i].IsWord && (Lexicon.TimeWords.Contains(t[i].Text) || IsDate(t, i)))
                i--;
            if (i < 0 || !t[i].IsWord)
                return (null, false);
        }

        if (!t[i].IsWord)
            return (null, false);

        // "Coordinated with and": "X did Y and said": the subject is the first clause's.
        if (t[i].Lower is "and" or "but")
        {
            var initial = InitialSubject(sentence, t, i);
            if (initial is not null)
                return (initial, true);
        }

        var b = i;
        while (b >= 0 && (t[b].IsWord || t[b].Text is "&" or "’" or "'" || t[b].Kind == TokenKind.CloseParen && ParenOpen(t, b) > 0) && !IsSubordinator(t, b))
            b = t[b].Kind == TokenKind.CloseParen ? ParenOpen(t, b) - 1 : b - 1;
        var subordinate = b >= 0 && t[b].IsWord;
        // "Manchin, a West Virginia Democrat, and Murkowski, an Alaska Republican, wrote": two speakers, each with an
        // appositive; naming only the last would be wrong, so both are named. Without the second appositive the comma
        // may end a clause ("Biden spoke to Netanyahu, and the White House said …") or a list of titles: the last
        // phrase speaks for its own clause only, a credit in part.
        if (b >= 0 && t[b].Kind == TokenKind.Comma && b + 1 <= i && t[b + 1].Lower is "and" or "or" && b + 1 < i)
        {
            if (appositive is not null && t[b + 1].Lower == "and")
                return AppositivePair(sentence, t, b, i);
            // "Biden, Harris, and Schumer said": the sentence opens with a list of names, all of them speak.
            if (appositive is null && t[b + 1].Lower == "and" && SpeakerPhrases.Parse(sentence, t, b + 2, i) is { } last && IsName(last, t)
                && NameList(sentence, t, b, last) is { } list)
                return (list, true);
            // A list that is not all names, or "Apple sued the startup, and it said": "it" may be either party.
            var before = BeforeWords(t, b - 1);
            // Only after a clause (a word that names nothing: its verb), not after "Smith, 45,".
            var clauseBefore = Enumerable.Range(before + 1, Math.Max(0, b - 1 - before)).Any(k => t[k].IsWord && !t[k].IsCapitalized && !Nominal(t[k]));
            var half = t[b + 1].Lower == "and" && appositive is null && clauseBefore && SpeakerPhrases.Parse(sentence, t, before + 1, b - 1) is null ? SpeakerPhrases.Parse(sentence, t, b + 2, i) : null;
            return (half is { Form: not PhraseForm.Pronoun } ? half : null, false);
        }
        var phrase = SpeakerPhrases.Parse(sentence, t, b + 1, i);
        // "France, Germany and Italy said": the names before the comma are speakers too; after "The ministers of France,"
        // the list is part of a longer subject, and naming two of three would be wrong.
        if (phrase is { Kind: CreditKind.Group } && b >= 0 && t[b].Kind == TokenKind.Comma && IsName(phrase, t) && phrase.Text.Contains(" and ", StringComparison.Ordinal))
        {
            if (NameList(sentence, t, b, phrase) is { } names)
                return (names, true);
            var previous = BeforeWords(t, b - 1);
            // "In Paris, Germany and Italy said": an opening phrase, not an item of the list.
            if (!Lexicon.Openers.Contains(t[previous + 1].Text) && SpeakerPhrases.Parse(sentence, t, previous + 1, b - 1) is { Form: PhraseForm.Stated })
                return (null, false);
        }
        // "Oil rose 2% and analysts said …": the phrase opens a second clause joined by "and"; it speaks for that clause.
        if (phrase is not null && phrase.From >= 2 && t[phrase.From - 1].Lower is "and" or "but" && t[phrase.From - 2].Kind != TokenKind.Comma && !subordinate && b >= 0)
            subordinate = true;
        if (phrase is null)
        {
            // "Hamas followed suit and said": the subject is the first clause's.
            var k = i;
            while (k > b && !(t[k].Lower is "and" or "but" or "then"))
                k--;
            if (k > b && k == i && !subordinate)
                phrase = InitialSubject(sentence, t, k);
            // "Oil prices jumped and OPEC said …": OPEC speaks for half of the sentence only, a credit in part.
            else if (k > b && k < i && SpeakerPhrases.Parse(sentence, t, k + 1, i) is { Form: not PhraseForm.Pronoun } half)
                return (half, false);
            // "new rules it said would shield …": a pronoun subject of a clause inside a noun phrase.
            else if (Lexicon.Pronouns.Contains(t[i].Text) && SpeakerPhrases.Parse(sentence, t, i, i) is { Form: PhraseForm.Pronoun } pronoun)
                return (pronoun, false);
            else if (subordinate && t[b].Lower is "who" or "that" && b > 0 && b < i && t[b - 1].IsWord)
            {
                // "Officials who were briefed on the talks said": the relative clause belongs to the subject. Not "a
                // spokesman for the hospital that said …": there the verb is the relative clause's own.
                var c = BeforeWords(t, b - 1, toSubordinator: true);
                if (c < 0 || t[c].Kind is TokenKind.OpenQuote or TokenKind.Colon)
                {
                    phrase = SpeakerPhrases.Parse(sentence, t, c + 1, b - 1);
                    subordinate = false;
                }
            }
        }

        if (phrase is null)
            return (null, false);
        // "her deputy chief of staff, Drew Hammill, said": the role and the name the appositive gives it.
        if (appositive is { } a && phrase.Kind == CreditKind.Person && !char.IsUpper(phrase.Head[0]) && t[a.From].IsCapitalized
            && SpeakerPhrases.Parse(sentence, t, a.From, a.To) is { Kind: CreditKind.Person, Form: PhraseForm.Stated } name && char.IsUpper(name.Head[0]))
            phrase = phrase with { To = name.To, Text = $"{phrase.Text}, {name.Text}" };
        if (Lexicon.FindingVerbs.Contains(verb) && !(phrase.Kind == CreditKind.Document || Research.Contains(phrase.Head)))
            return (null, false);
        return (phrase, !subordinate);
    }

    /// <summary>
    /// Where the run of words (and "&amp;", apostrophes) that ends at <paramref name="end"/> starts, less one: the index of the
    /// break before it (or, with <paramref name="toSubordinator"/>, of a subordinator inside it), -1 at the sentence start.
    /// </summary>
    private static int BeforeWords(IReadOnlyList<ClauseToken> t, int end, bool toSubordinator = false)
    {
        var k = end;
        while (k >= 0 && (t[k].IsWord || t[k].Text is "&" or "’" or "'") && !(toSubordinator && IsSubordinator(t, k)))
            k--;
        return k;
    }

    /// <summary>A party label after a name ("D-N.Y.", "R.I."): one word with a hyphen or ending in a full stop.</summary>
    private static bool IsLabel(ClauseToken w) => w.Text.Contains('-', StringComparison.Ordinal) || w.Text.EndsWith('.');

    /// <summary>Whether every word of the phrase is capitalised or "and"/"of" ("Germany and Italy", "Sen. Joe Manchin").</summary>
    private static bool IsName(SpeakerPhrase p, IReadOnlyList<ClauseToken> t) =>
        char.IsUpper(p.Text[0]) && Enumerable.Range(p.From, p.To - p.From + 1).All(k => !t[k].IsWord || t[k].IsCapitalized || t[k].Lower is "and" or "of");

    /// <summary>
    /// "France, Germany and Italy", "Biden, Harris, and Schumer": the comma-separated names that open the sentence before
    /// the comma at <paramref name="comma"/>, joined with <paramref name="last"/>; null unless every item is a name and
    /// the list opens the sentence.
    /// </summary>
    private static SpeakerPhrase? NameList(string sentence, IReadOnlyList<ClauseToken> t, int comma, SpeakerPhrase last)
    {
        var items = new List<string>();
        var start = -1;
        while (comma >= 0 && t[comma].Kind == TokenKind.Comma)
        {
            var from = BeforeWords(t, comma - 1);
            // "Sen. Chuck Schumer, D-N.Y., and …": a party label is not an item.
            if (from + 1 != comma - 1 || !IsLabel(t[comma - 1]))
            {
                if (SpeakerPhrases.Parse(sentence, t, from + 1, comma - 1) is not { Form: PhraseForm.Stated, Kind: not CreditKind.Document } item || !IsName(item, t) || item.From != from + 1)
                    return null;
                items.Insert(0, item.Text);
            }

            start = from + 1;
            comma = from;
        }

        // The list must be the sentence's subject: nothing but an opening quotation or dash before it.
        if (items.Count == 0 || comma >= 0 && t[comma].IsWord)
            return null;
        var text = last.Text.Contains(" and ", StringComparison.Ordinal)
            ? string.Join(", ", items) + ", " + last.Text
            : string.Join(", ", items) + " and " + last.Text;
        return new SpeakerPhrase(start, last.To, text, CreditKind.Group, PhraseForm.Stated);
    }

    /// <summary>
    /// A second speaker closing the sentence after a comma ("…, the White House said on Tuesday."), other than the first
    /// one and not a pronoun; only times may follow its verb.
    /// </summary>
    private static SpeakerPhrase? TailSpeaker(string sentence, IReadOnlyList<ClauseToken> t, int speakerVerb, SpeakerPhrase speaker)
    {
        for (var v = Math.Max(speakerVerb, speaker.To) + 1; v < t.Count; v++)
        {
            if (t[v].InQuote || !t[v].IsWord || t[v].IsCapitalized || !Lexicon.ReportingVerbs.Contains(t[v].Text) || Lexicon.FindingVerbs.Contains(t[v].Text))
                continue;
            // Only a verb that relays ("a claim the group denied" is a comment on the claim, not its source).
            var told = t[v].Lower is "told" or "tells";
            if (!(t[v].Lower is "said" or "says" or "reported" or "reports" or "added" or "wrote" or "announced" or "stated") && !told)
                return null;
            var (phrase, main) = SubjectOf(sentence, t, v);
            if (phrase is not { Form: PhraseForm.Stated } || !main || phrase.From <= speaker.To + 1 || t[phrase.From - 1].Kind != TokenKind.Comma
                || string.Equals(phrase.Text, speaker.Text, StringComparison.OrdinalIgnoreCase))
                return null;
            // One clause between the two ("…, a setback for Kyiv, analysts said": the analysts' own comment), and the
            // closing phrase one noun phrase ("a claim the group").
            if (Enumerable.Range(speakerVerb + 1, phrase.From - 2 - speakerVerb).Any(k => t[k].Kind is TokenKind.Comma or TokenKind.Semicolon or TokenKind.Dash && !t[k].InQuote)
                || Enumerable.Range(phrase.From + 1, phrase.To - phrase.From).Any(k => t[k].Lower is "the" or "a" or "an"))
                return null;
            var after = v + 1;
            // "…, Peskov told reporters.", "…, the minister told state television on Monday.": whom it was told to.
            for (var audience = 0; told && audience < 4 && after < t.Count && t[after].IsWord && t[after].Lower is not ("that" or "on" or "in" or "at")
                                   && !Lexicon.TimeWords.Contains(t[after].Text) && !Lexicon.ReportingVerbs.Contains(t[after].Text); audience++)
                after++;
            while (after < t.Count && t[after].IsWord && (Lexicon.TimeWords.Contains(t[after].Text) || IsDate(t, after) || t[after].Lower is "on" or "late" or "early" or "this" or "last"))
                after++;
            return (!told || after > v + 1) && (after >= t.Count || t[after].Kind == TokenKind.Stop && after == t.Count - 1) ? phrase : null;
        }

        return null;
    }

    /// <summary>
    /// "X, (appositive), and Y, (appositive), said": both named people, as one group credit; the comma before "and" is at
    /// <paramref name="comma"/>, Y ends at <paramref name="to"/>.
    /// </summary>
    private static (SpeakerPhrase? Phrase, bool Main) AppositivePair(string sentence, IReadOnlyList<ClauseToken> t, int comma, int to)
    {
        var second = SpeakerPhrases.Parse(sentence, t, comma + 2, to);
        var open = comma - 1;
        while (open >= 0 && t[open].Kind != TokenKind.Comma && !t[open].InQuote && t[open].Kind is not (TokenKind.Colon or TokenKind.Semicolon or TokenKind.OpenQuote or TokenKind.CloseQuote))
            open--;
        if (second is null || open <= 0 || open == comma - 1 || t[open].Kind != TokenKind.Comma)
            return (null, false);
        var start = BeforeWords(t, open - 1, toSubordinator: true);
        var first = SpeakerPhrases.Parse(sentence, t, start + 1, open - 1);
        if (first is not { Form: PhraseForm.Stated, Kind: CreditKind.Person or CreditKind.Name } || second is not { Form: PhraseForm.Stated, Kind: CreditKind.Person or CreditKind.Name }
            || !char.IsUpper(first.Head[0]) || !char.IsUpper(second.Head[0]))
            return (null, false);
        // Every lower-case word of both must be a title, a role or a determiner: "The prime minister met President Biden" is a clause.
        bool NameLike(SpeakerPhrase p) => Enumerable.Range(p.From, p.To - p.From + 1).All(k => !t[k].IsWord || t[k].IsCapitalized
            || t[k].Lower is "the" or "a" or "of" or "and" || Lexicon.Titles.Contains(t[k].Lower) || Lexicon.PersonHeads.Contains(t[k].Text) || Lexicon.Modifiers.Contains(t[k].Text));
        if (!NameLike(first) || !NameLike(second))
            return (null, false);
        var subordinate = start >= 0 && t[start].IsWord;
        return (new SpeakerPhrase(first.From, second.To, $"{first.Text} and {second.Text}", CreditKind.Group, PhraseForm.Stated), !subordinate);
    }

    /// <summary>Where the short parenthesis that closes at <paramref name="close"/> opens ("(HHS)"), or -1.</summary>
    private static int ParenOpen(IReadOnlyList<ClauseToken> t, int close)
    {
        for (var k = close - 1; k >= 0 && close - k <= 5; k--)
        {
            if (t[k].Kind == TokenKind.OpenParen)
                return k;
            if (!t[k].IsWord && t[k].Kind != TokenKind.Other)
                return -1;
        }

        return -1;
    }

    private static bool IsAdverb(ClauseToken w) => !w.IsCapitalized && w.Text.Length > 4 && w.Text.EndsWith("ly", StringComparison.Ordinal) && !(w.Lower is "family" or "ally" or "italy" or "july" or "assembly");

    /// <summary>"that", "which", "after"… in lower case, or opening the sentence ("When …"); not "WHO" nor "as well".</summary>
    private static bool IsSubordinator(IReadOnlyList<ClauseToken> t, int i) =>
        Lexicon.Subordinators.Contains(t[i].Text) && !(t[i].Lower == "as" && i + 1 < t.Count && t[i + 1].Lower == "well")
        && (!t[i].IsCapitalized || !SpeakerPhrases.IsAcronym(t[i].Text) && (i == 0 || t[i - 1].IsBreak));

    private static bool IsDate(IReadOnlyList<ClauseToken> t, int i) =>
        t[i].Text.All(char.IsDigit) && t[i].Text.Length <= 2 && i > 0 && Lexicon.TimeWords.Contains(t[i - 1].Text);

    /// <summary>The subject at the start of the sentence ("Hamas" of "Hamas followed suit and said …").</summary>
    private static SpeakerPhrase? InitialSubject(string sentence, IReadOnlyList<ClauseToken> t, int from)
    {
        var start = 0;
        while (start < t.Count && (t[start].Kind == TokenKind.Comma || t[start].IsWord && Lexicon.Openers.Contains(t[start].Text) && !(t[start].Lower is "on" or "in" or "at" or "by")))
            start++;
        // "On Thursday, …", "In a statement, …": an opening phrase up to its comma.
        if (start < t.Count && t[start].IsWord && t[start].Lower is "on" or "in" or "at" or "during" or "after" or "before" or "with" or "for" or "by" or "speaking" or "asked" or "responding" or "following" or "amid" or "despite" or "since" or "under" or "when" or "while")
        {
            var comma = start;
            while (comma < from && t[comma].Kind != TokenKind.Comma)
                comma++;
            if (comma >= from)
                return null;
            start = comma + 1;
        }

        if (start >= from || t[start].InQuote)
            return null;
        var end = start;
        while (end < from && t[end].IsWord && (end == start || t[end].IsCapitalized || t[end].Lower is "of" or "for" or "and" or "the" || t[end].Text.Contains('-', StringComparison.Ordinal) || Lexicon.Modifiers.Contains(t[end].Text) || Lexicon.PersonHeads.Contains(t[end].Text) || Lexicon.GroupHeads.Contains(t[end].Text) || Lexicon.OrganisationHeads.Contains(t[end].Text)))
            end++;
        if (end >= from || !(t[end].IsWord && !t[end].IsCapitalized || t[end].Kind is TokenKind.Comma or TokenKind.OpenParen))
            return null;
        var phrase = SpeakerPhrases.Parse(sentence, t, start, end - 1);
        return phrase is { Kind: not CreditKind.Document } ? phrase : null;
    }

    /// <summary>Capitalised names outside quotations: people ("Julian Röpcke", "Mr. Biden") and organisations.</summary>
    private static List<Mention> Mentions(string sentence, IReadOnlyList<ClauseToken> t)
    {
        var result = new List<Mention>();
        var i = 0;
        while (i < t.Count)
        {
            if (!t[i].IsCapitalized || t[i].InQuote)
            {
                i++;
                continue;
            }

            var start = i;
            var end = i;
            // A possessive ends the name: "Moderna's COVID-19 vaccine" names Moderna.
            while (end + 1 < t.Count && !t[end + 1].InQuote && !IsPossessive(t[end].Text) && (t[end + 1].IsCapitalized || t[end + 1].Lower is "of" or "for" or "and" or "de" or "bin" or "al" or "van" or "von" && end + 2 < t.Count && t[end + 2].IsCapitalized))
                end++;
            i = end + 1;
            // "Israel and Hamas", "Bill and Melinda Gates": two parties, unless an institution's name ("Food and Drug Administration");
            // a possessive name after "and" ("Foreign Ministry and Egypt's …", not "Centers for Disease Control and
            // Prevention's") or a title ("Senate Majority Leader Chuck Schumer and House Speaker Nancy Pelosi") opens a
            // second party.
            var and = Enumerable.Range(start, end - start + 1).FirstOrDefault(k => t[k].Lower == "and", -1);
            if (and > start && (!Enumerable.Range(start, end - start + 1).Any(k => Lexicon.OrganisationNameWords.Contains(StripPossessive(t[k].Text)))
                                || IsPossessive(t[end].Text) && !Lexicon.OrganisationNameWords.Contains(StripPossessive(t[end].Text))
                                   && !Enumerable.Range(start, and - start).Any(k => t[k].Lower is "of" or "for")
                                || Enumerable.Range(and + 1, end - and).Any(k => Lexicon.Titles.Contains(t[k].Lower))))
            {
                i = and + 1;
                end = and - 1;
            }
            // Sentence-initial words that are capitalised only because they start it.
            // "When Scott was announced", "While Buckley …": a clause's opening word is not part of the name.
            while (start <= end && (Lexicon.Openers.Contains(t[start].Text) || Lexicon.Pronouns.Contains(t[start].Text) || Lexicon.TimeWords.Contains(t[start].Text) || t[start].Lower is "the" or "a" or "an" or "according"
                                    || start == 0 && Lexicon.GroupHeads.Contains(t[start].Text) || (start == 0 || t[start - 1].IsBreak) && IsSubordinator(t, start)))
                start++;
            while (end >= start && (Lexicon.TimeWords.Contains(t[end].Text) || t[end].Lower is "of" or "for" or "and"))
                end--;
            if (start > end)
                continue;
            // "South Dakota Gov. Kristi Noem", "Social Security Commissioner Andrew Saul": the person starts at the title.
            var titledPerson = false;
            for (var k = end - 1; k > start; k--)
            {
                if (Lexicon.Titles.Contains(t[k].Lower) || Lexicon.PersonHeads.Contains(t[k].Lower) && !Lexicon.OrganisationNameWords.Contains(t[k].Text))
                {
                    if (end - k <= 4 && !Enumerable.Range(k + 1, end - k).Any(x => Lexicon.OrganisationNameWords.Contains(StripPossessive(t[x].Text))))
                    {
                        // The whole title: "Vice President", "House Speaker", "Senate Majority Leader", not "South Dakota".
                        while (k > start && (Lexicon.Titles.Contains(t[k - 1].Lower) || TitleParts.Contains(t[k - 1].Text)))
                            k--;
                        start = k;
                        // "House Speaker Nancy Pelosi", "Senate Minority Leader Mitch McConnell": a person, though the
                        // title names an institution.
                        titledPerson = true;
                    }

                    break;
                }
            }

            var words = t.Skip(start).Take(end - start + 1).ToList();
            var text = sentence[t[start].Start..t[end].End];
            var kind = titledPerson ? CreditKind.Person : MentionKind(words);
            if (kind is null)
                continue;
            // "(CDC)" right after a name is that name's short form.
            if (start == end && SpeakerPhrases.IsAcronym(t[start].Text) && start >= 2 && t[start - 1].Kind == TokenKind.OpenParen && result.Count > 0 && result[^1].Token < start && result[^1].Kind == CreditKind.Organisation)
            {
                result.Add(new Mention(t[start].Text, CreditKind.Organisation, start, result[^1].Text));
                continue;
            }

            // "Sheldon Whitehouse (R.I.)", "(D-Calif.)": a label in parentheses after a person, not a party of its own.
            if (start == end && start >= 1 && t[start - 1].Kind == TokenKind.OpenParen && start + 1 < t.Count && t[start + 1].Kind == TokenKind.CloseParen)
                continue;

            result.Add(new Mention(StripPossessive(text), kind.Value, start, Possessive: text.Length != StripPossessive(text).Length));
        }

        return result;
    }

    private static bool IsPossessive(string text) => text.EndsWith("'s", StringComparison.Ordinal) || text.EndsWith("’s", StringComparison.Ordinal);

    private static string StripPossessive(string text) =>
        text.EndsWith("'s", StringComparison.Ordinal) || text.EndsWith("’s", StringComparison.Ordinal) ? text[..^2] : text;

    private static CreditKind? MentionKind(List<ClauseToken> words)
    {
        if (words.Any(w => Lexicon.OrganisationNameWords.Contains(StripPossessive(w.Text))) || words.Count == 1 && SpeakerPhrases.IsAcronym(words[0].Text)
            || SpeakerPhrases.EndsAsCompany(words))
            return CreditKind.Organisation;
        var titled = Lexicon.Titles.Contains(words[0].Lower) && words.Count >= 2;
        if (words.Skip(titled ? 1 : 0).Any(w => Lexicon.PlaceWords.Contains(StripPossessive(w.Text))))
            return null;
        if (titled || words.Count is >= 2 and <= 4)
            return CreditKind.Person;
        return words.Count == 1 ? CreditKind.Name : null;
    }

    /// <summary>"called the move \"an unfriendly act\"": what a party called something, in its words, a few words on.</summary>
    private static bool NamesWithQuote(IReadOnlyList<ClauseToken> t, int v)
    {
        for (var k = v + 2; k < Math.Min(t.Count, v + 8); k++)
        {
            if (t[k].InQuote)
                return true;
        }

        return false;
    }
}
