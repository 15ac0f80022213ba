namespace BriefingBot.Core.Analysis.Attribution;

/// <summary>What kind of party a credit names.</summary>
public enum CreditKind
{
    /// <summary>A named or described person ("Rep. Maxine Waters", "the spokesman").</summary>
    Person,

    /// <summary>An institution, company or outlet ("the Centers for Disease Control and Prevention").</summary>
    Organisation,

    /// <summary>Several people or bodies ("officials", "Hamas and Egypt", "people familiar with the talks").</summary>
    Group,

    /// <summary>A written source ("the report", "a statement from the ministry").</summary>
    Document,

    /// <summary>A single capitalised name that could be a person or an organisation ("Pelosi", "Pfizer").</summary>
    Name,
}

internal enum PhraseForm
{
    /// <summary>Names or describes the party in the sentence itself.</summary>
    Stated,

    /// <summary>he, she, it, they: resolved against the report.</summary>
    Pronoun,

    /// <summary>"the agency", "the Center": resolved to the fuller name given earlier in the report.</summary>
    BackReference,

    /// <summary>"the statement", "the announcement": resolved to whoever made it, credited just before.</summary>
    Statement,
}

/// <summary>A speaker's noun phrase found in a sentence, tokens [From, To].</summary>
internal sealed record SpeakerPhrase(int From, int To, string Text, CreditKind Kind, PhraseForm Form)
{
    public string Head => Text.Split(' ')[^1];
}

/// <summary>
/// Noun-phrase chunking for speakers, by capitalisation, titles, determiners and the <see cref="Lexicon"/>:
/// a phrase is a speaker only if every word of it has a place in a name, a title or a role description.
/// </summary>
internal static class SpeakerPhrases
{
    private const int MaxWords = 14;

    private static readonly HashSet<string> Connectors = new(StringComparer.OrdinalIgnoreCase) { "of", "for", "and", "&", "de", "del", "da", "di", "du", "von", "van", "der", "den", "bin", "ibn", "al", "el", "la", "le", "on", "at", "in", "from", "with", "to", "the", "y", "inside", "within", "near" };

    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase) { "the", "a", "an", "some", "several", "many", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both", "other", "another", "most", "few", "all", "numerous", "multiple", "one", "dozens", "hundreds", "thousands" };

    /// <summary>"the statement said": the statement of whoever was credited just before.</summary>
    private static readonly HashSet<string> StatementNouns = new(StringComparer.OrdinalIgnoreCase) { "statement", "announcement", "release", "communique", "communiqué", "readout", "message", "post", "tweet", "letter", "report" };

    private static readonly HashSet<string> PossessivePronouns = new(StringComparer.OrdinalIgnoreCase) { "his", "her", "its", "their" };

    private static readonly HashSet<string> Venues = new(StringComparer.OrdinalIgnoreCase)
    {
        "statement", "statements", "interview", "interviews", "tweet", "tweets", "post", "conference", "briefing", "hearing", "letter", "call", "appearance",
        "speech", "remarks", "email", "video", "message", "op-ed", "memo", "filing", "twitter", "facebook", "instagram", "television", "podcast",
        "radio", "show", "broadcast", "release", "address", "session", "meeting", "event", "rally", "news", "press", "documents", "court", "testimony",
        "note", "report", "transcript", "livestream", "program", "programme", "appearances", "visit", "trip", "summit", "op-ed", "essay", "column",
    };

    /// <summary>Participles of getting hold of a document: their agent is who has it, not who wrote it.</summary>
    private static readonly HashSet<string> AccessVerbs = new(StringComparer.OrdinalIgnoreCase) { "obtained", "reviewed", "seen", "viewed", "acquired", "received", "examined" };

    /// <summary>The speaker phrase of tokens [from, to], or null when they are not one.</summary>
    public static SpeakerPhrase? Parse(string sentence, IReadOnlyList<ClauseToken> t, int from, int to)
    {
        // Before the trim, which would take the participle's agent for the phrase.
        if (ObtainedDocument(sentence, t, from, to) is { } obtained)
            return obtained;
        // "The states, led by Letitia James, the New York attorney general, said": a participle and its agent describe
        // the speaker; they are not the speaker.
        if (from + 1 <= to && t[from].IsWord && !t[from].IsCapitalized && t[from].Lower.EndsWith("ed", StringComparison.Ordinal) && t[from + 1].Lower == "by")
            return null;
        Trim(t, ref from, ref to);
        if (from > to || to - from + 1 > MaxWords)
            return null;
        // "Health and Human Services (HHS) Secretary Xavier Becerra": a short parenthesis inside the phrase is left out of it.
        var words = new List<ClauseToken>();
        for (var i = from; i <= to; i++)
        {
            if (t[i].Kind == TokenKind.OpenParen)
            {
                var close = i + 1;
                while (close <= to && close - i <= 5 && t[close].Kind != TokenKind.CloseParen)
                    close++;
                if (close > to || t[close].Kind != TokenKind.CloseParen || i == from)
                    return null;
                i = close;
                continue;
            }

            if (!t[i].IsWord && !(t[i].Kind == TokenKind.Other && t[i].Text is "&" or "'" or "’"))
                return null;
            words.Add(t[i]);
        }

        if (words.Count == 0)
            return null;
        var text = sentence[t[from].Start..t[to].End];

        // "No group has claimed responsibility": nobody is not a speaker; "on Twitter", "by the Department": a place or
        // an agent phrase, not a subject.
        if (words[0].Lower is "no" or "none" or "neither" or "nobody" or "nothing" || !words[0].IsCapitalized && Connectors.Contains(words[0].Text) && words[0].Lower != "the"
            || words[0].Lower is "by" or "via" or "through" or "after" or "before" or "during")
            return null;

        if (words.Count == 1 && Lexicon.Pronouns.Contains(words[0].Text))
            return words[0].Lower is "he" or "she" or "it" or "they" ? new SpeakerPhrase(from, to, text, CreditKind.Name, PhraseForm.Pronoun) : null;

        // "… according to correspondence obtained by the Washington...": a phrase cut off by the excerpt is not a name.
        if (to + 1 < t.Count && t[to + 1].Text is "…" or "." && (to + 2 >= t.Count || t[to + 2].Text is "." or "…") && sentence.TrimEnd().EndsWith("..", StringComparison.Ordinal) || to + 1 < t.Count && t[to + 1].Text == "…" && to + 2 >= t.Count)
            return null;

        var kind = Classify(words);
        if (kind is null)
            return null;

        // "host said": a singular role with no determiner, name or modifier says nothing about who.
        if (words.Count == 1 && !words[0].IsCapitalized && kind is CreditKind.Person or CreditKind.Organisation or CreditKind.Document)
            return null;

        // "the agency", "the Center": a definite head alone points back to a fuller name.
        // "the agency", "the Center", "the vaccine manufacturer": a definite description of an institution points back
        // to the name given earlier.
        var form = words.Count is >= 2 and <= 4 && words[0].Lower == "the" && Lexicon.OrganisationHeads.Contains(words[^1].Text)
                   && (words.Count == 2 || words.Skip(1).All(w => w.IsWord && !w.IsCapitalized))
            ? PhraseForm.BackReference
            : words.Count == 2 && words[0].Lower == "the" && StatementNouns.Contains(words[1].Text) ? PhraseForm.Statement : PhraseForm.Stated;
        return new SpeakerPhrase(from, to, text, kind.Value, form);
    }

    /// <summary>
    /// "a letter obtained by The Washington Post", "documents reviewed by two Reuters journalists": the document is the
    /// source and who obtained it says where it came from, so the phrase is the whole of it (a document noun on its own
    /// counts here). Null when the words before the participle are not a document's phrase ("internal guidance sent to
    /// U.S. attorney's offices reviewed by Reuters"): the participle's agent is read as before.
    /// </summary>
    private static SpeakerPhrase? ObtainedDocument(string sentence, IReadOnlyList<ClauseToken> t, int from, int to)
    {
        for (var k = from + 2; k < to; k++)
        {
            if (t[k].Lower != "by" || !AccessVerbs.Contains(t[k - 1].Text))
                continue;
            var single = t[k - 2].IsWord && !t[k - 2].IsCapitalized && Lexicon.DocumentHeads.Contains(t[k - 2].Text) && (k - 2 == from || !t[k - 3].IsWord);
            var document = single ? new SpeakerPhrase(k - 2, k - 2, t[k - 2].Text, CreditKind.Document, PhraseForm.Stated) : Parse(sentence, t, from, k - 2);
            // The document's phrase must reach the participle: nothing of the words before it left unread.
            if (document is not { Kind: CreditKind.Document, Form: PhraseForm.Stated } || document.To != k - 2
                || Parse(sentence, t, k + 1, to) is not { Form: PhraseForm.Stated, Kind: not CreditKind.Document } agent)
                return null;
            return new SpeakerPhrase(document.From, agent.To, sentence[t[document.From].Start..t[agent.To].End], CreditKind.Document, PhraseForm.Stated);
        }

        return null;
    }

    /// <summary>Drops what surrounds a speaker without being part of it: openers, times, "in a statement", a trailing "(D-Calif.)".</summary>
    private static void Trim(IReadOnlyList<ClauseToken> t, ref int from, ref int to)
    {
        // A trailing parenthesis: "(D-Calif.)", "(CDC)".
        while (to > from && t[to].Kind == TokenKind.CloseParen)
        {
            var open = to - 1;
            while (open > from && t[open].Kind != TokenKind.OpenParen)
                open--;
            if (t[open].Kind != TokenKind.OpenParen)
                break;
            to = open - 1;
        }

        var changed = true;
        while (changed && from <= to)
        {
            changed = false;
            var first = t[from];
            if (first.IsWord && (Lexicon.Openers.Contains(first.Text) && (first.IsCapitalized || first.Lower is "and" or "but" or "so" or "also" or "then" or "yet" or "or")
                                 || (Lexicon.TimeWords.Contains(first.Text) && !(first.Lower is "last" or "first") )))
            {
                from++;
                changed = true;
                continue;
            }

            if (first.Kind is TokenKind.Comma or TokenKind.Dash)
            {
                from++;
                changed = true;
                continue;
            }

            var last = t[to];
            if (last.IsWord && (Lexicon.TimeWords.Contains(last.Text) || IsNumber(last.Text) && to > from && Lexicon.TimeWords.Contains(t[to - 1].Text)
                                || last.Lower is "on" or "late" or "early" or "this" or "last" or "next" or "earlier" or "in" or "at" or "during" or "also" or "has" or "have" or "had"
                                    or "there" or "here" or "with" or "of" or "for" or "to" or "and" or "from" or "by" or "familiar" or "close" or "the" or "a" or "an"))
            {
                to--;
                changed = true;
                continue;
            }

            if (last.Kind is TokenKind.Comma or TokenKind.Dash)
            {
                to--;
                changed = true;
            }
        }

        // "a report released Friday", "data compiled by the Gun Violence Archive and reviewed by NPR": a participle ends
        // the phrase; the agent of "published … by X" is the credit.
        for (var i = from + 1; i <= to; i++)
        {
            if (!IsParticiple(t, i, to))
                continue;
            var by = i + 1;
            while (by <= to && t[by].IsWord && (Lexicon.TimeWords.Contains(t[by].Text) || t[by].Lower is "on" or "late" or "early" or "this" or "last"))
                by++;
            if (by < to && t[by].Lower == "by")
            {
                var agentEnd = by + 1;
                while (agentEnd <= to && !(t[agentEnd].Lower == "and" && agentEnd + 1 <= to && t[agentEnd + 1].Lower.EndsWith("ed", StringComparison.Ordinal)))
                    agentEnd++;
                from = by + 1;
                to = agentEnd - 1;
                break;
            }

            // "Inflation cooled in March and the Labor Department": a finite verb and a second clause, not a participle.
            if (Enumerable.Range(i + 1, Math.Max(0, to - i)).Any(k => t[k].IsWord && t[k].Lower is "and" or "but" or "or"))
            {
                from = to + 1;
                return;
            }

            to = i - 1;
            if (to > from && t[to].Lower == "and")
                to--;
            break;
        }

        // "… in a statement", "… on Twitter", "… at a news conference": where it was said, not who said it.
        for (var i = from + 1; i <= to; i++)
        {
            if (t[i].Lower is "in" or "on" or "at" or "during" or "via" or "through" && Enumerable.Range(i + 1, to - i).Any(k => Venues.Contains(t[k].Text)))
            {
                to = i - 1;
                break;
            }
        }

        // "Thursday's statement", "on Thursday": left over time words at the end after the venue cut.
        while (to >= from && t[to].IsWord && (Lexicon.TimeWords.Contains(t[to].Text) || t[to].Lower is "on" or "late" or "early"))
            to--;
    }

    /// <summary>
    /// A participle that ends a noun phrase: "-ing" after a noun ("senators leaving the session"), or "-ed" after a noun
    /// and before a time, an agent or a place ("the report released Friday", "data compiled by …"), not a finite verb
    /// with its object ("the Senate passed the bill").
    /// </summary>
    private static bool IsParticiple(IReadOnlyList<ClauseToken> t, int i, int to)
    {
        var w = t[i];
        if (!w.IsWord || w.IsCapitalized || w.Lower.Length < 5 || w.Lower.Contains('-', StringComparison.Ordinal) || Lexicon.Modifiers.Contains(w.Text)
            || Lexicon.DocumentHeads.Contains(w.Text) || Lexicon.OrganisationHeads.Contains(w.Text) || Lexicon.PersonHeads.Contains(w.Text))
            return false;
        var previous = t[i - 1];
        var afterNoun = previous.IsCapitalized || Lexicon.PersonHeads.Contains(previous.Text) || Lexicon.GroupHeads.Contains(previous.Text)
                        || Lexicon.DocumentHeads.Contains(previous.Text) || Lexicon.OrganisationHeads.Contains(previous.Text)
                        || previous.Lower.EndsWith('s') && Lexicon.DocumentHeads.Contains(previous.Lower[..^1]);
        if (!afterNoun)
            return false;
        if (Lexicon.TimeWords.Contains(w.Text))
            return false;
        if (w.Lower.EndsWith("ing", StringComparison.Ordinal))
        {
            // "senators leaving an evening session", not "the Thursday evening press release"; nothing after it, no participle.
            if (i + 1 > to)
                return false;
            var after = t[i + 1];
            return !Lexicon.TimeWords.Contains(w.Text) && !Lexicon.TimeWords.Contains(previous.Text) && after.IsWord
                   && (after.IsCapitalized || Determiners.Contains(after.Text) || PossessivePronouns.Contains(after.Text) || Connectors.Contains(after.Text));
        }

        if (!w.Lower.EndsWith("ed", StringComparison.Ordinal))
            return false;
        // Right before the reporting verb an "-ed" word is the subject's own verb ("The White House dismissed claims").
        if (i + 1 >= t.Count)
            return true;
        var next = t[i + 1];
        if (next.IsWord && Lexicon.ReportingVerbs.Contains(next.Text))
            return false;
        return !next.IsWord || Lexicon.TimeWords.Contains(next.Text) || next.Lower is "by" or "in" or "on" or "at" or "from" or "through" or "with" or "last" or "this" or "earlier" or "late" or "early";
    }

    private static bool IsNumber(string w) => w.All(c => char.IsDigit(c) || c is ',' or '.');

    private static CreditKind? Classify(List<ClauseToken> words)
    {
        // Every word must have a place: name words (capitalised), connectors between names, known role words,
        // modifiers before a known head, or lower-case title words right before a name ("reporter Maan Alkhoder").
        var lastIndex = words.Count - 1;
        var head = words[lastIndex];
        if (!head.IsWord || Lexicon.TimeWords.Contains(head.Text) || Lexicon.Pronouns.Contains(head.Text) || Connectors.Contains(head.Text) || IsNumber(head.Text) || Determiners.Contains(head.Text))
            return null;
        // Where the phrase's own head is: before a prepositional tail ("a spokesman for the Department of Justice").
        var headIndex = lastIndex;
        for (var i = 1; i < words.Count; i++)
        {
            var namePart = words[i - 1].IsCapitalized && !(i - 1 == 0 && (Lexicon.GroupHeads.Contains(words[0].Text) || Lexicon.PersonHeads.Contains(words[0].Text)));
            if (words[i].Lower is "of" or "for" or "at" or "in" or "from" or "with" or "to" or "on" or "inside" or "within" or "near" && !namePart && !Connectors.Contains(words[i - 1].Text))
            {
                headIndex = words[i - 1].Lower is "familiar" or "close" or "knowledgeable" or "briefed" or "involved" && i >= 2 ? i - 2 : i - 1;
                break;
            }
        }

        if (headIndex < lastIndex && !TailIsNounPhrase(words, headIndex + 1))
            return null;
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (w.IsWord && !w.IsCapitalized && (Lexicon.ReportingVerbs.Contains(w.Text) && !(i == headIndex && Lexicon.DocumentHeads.Contains(Singular(w.Lower))) || Lexicon.Blockers.Contains(w.Text) && !(i > headIndex && Connectors.Contains(w.Text))))
                return null;
        }

        var start = 0;
        if (Determiners.Contains(words[0].Text) || PossessivePronouns.Contains(words[0].Text))
            start = 1;
        if (start > headIndex)
            return null;

        var core = words.GetRange(start, headIndex - start + 1);
        var coreHead = core[^1];
        if (Lexicon.TimeWords.Contains(coreHead.Text) || Lexicon.Pronouns.Contains(coreHead.Text))
            return null;

        // Lower-case words: role words anywhere, other words only as the title of a following name or as
        // modifiers of a known head.
        var headLower = coreHead.IsCapitalized ? null : Singular(HeadPart(coreHead.Lower));
        var knownHead = headLower is not null && (IsAge(coreHead.Lower) || Lexicon.DocumentHeads.Contains(headLower) || Lexicon.OrganisationHeads.Contains(headLower) || Lexicon.PersonHeads.Contains(headLower) || Lexicon.GroupHeads.Contains(coreHead.Text) || Lexicon.OrganisationHeads.Contains(coreHead.Text) || Lexicon.DocumentHeads.Contains(coreHead.Text) || Lexicon.PersonHeads.Contains(coreHead.Text));
        if (!coreHead.IsCapitalized && !knownHead)
            return null;

        var firstCapital = core.FindIndex(w => w.IsCapitalized);
        var unknown = 0;
        for (var i = 0; i < core.Count; i++)
        {
            var w = core[i];
            if (w.IsCapitalized || Connectors.Contains(w.Text) && i > 0 && i < core.Count - 1)
                continue;
            if (!w.IsWord)
                continue;
            var lower = w.Lower;
            var known = Lexicon.Modifiers.Contains(lower) || knownHead && IsNumber(lower) || Lexicon.DocumentHeads.Contains(Singular(lower)) || Lexicon.OrganisationHeads.Contains(Singular(lower)) || Lexicon.PersonHeads.Contains(Singular(lower)) || Lexicon.GroupHeads.Contains(lower)
                        || Lexicon.OrganisationHeads.Contains(lower) || Lexicon.DocumentHeads.Contains(lower) || IsPossessive(lower) && Lexicon.OrganisationHeads.Contains(StripPossessive(lower));
            if (known)
                continue;
            // "four-time", "24-year-old", "often-feckless": descriptive compounds.
            if (lower.Contains('-', StringComparison.Ordinal) && !lower.EndsWith("-ed", StringComparison.Ordinal))
                continue;
            // "foreign policy editor Julian Röpcke": title words before a name.
            if (coreHead.IsCapitalized && i < core.Count - 1 && core.Skip(i + 1).Any(x => x.IsCapitalized) && !LooksVerbal(lower))
                continue;
            // "the hardline cleric", "Iran's new political leader", "the Thursday evening press release": words that
            // qualify a known head (at most two unknown ones).
            if (knownHead && (!LooksVerbal(lower) || start > 0 && !coreHead.IsCapitalized) && i < core.Count - 1 && lower.Length > 2 && (i > 0 || start > 0 || firstCapital == 0) && ++unknown <= 2)
                continue;
            if (knownHead && Lexicon.TimeWords.Contains(lower) && i < core.Count - 1)
                continue;
            // "the country's interim prime minister": a possessive before a known head.
            if (knownHead && IsPossessive(lower) && i < core.Count - 1)
                continue;
            return null;
        }

        return KindOf(core, words, headIndex);
    }

    /// <summary>"president-elect" is a president; "vice-president" a vice-president.</summary>
    private static string HeadPart(string lower) =>
        Lexicon.PersonHeads.Contains(lower) || !lower.Contains('-', StringComparison.Ordinal) ? lower : lower.Split('-')[0];

    /// <summary>"the 33-year-old": a person described by age.</summary>
    private static bool IsAge(string lower) => lower.EndsWith("-year-old", StringComparison.Ordinal);

    /// <summary>What sources are familiar with or close to: nouns, though some end like a verb ("the meeting", "the briefing").</summary>
    private static readonly HashSet<string> TailNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "matter", "talks", "negotiations", "discussions", "case", "investigation", "region", "area", "country", "situation", "plan", "deal",
        "decision", "process", "thinking", "deliberations", "meeting", "meetings", "briefing", "hearing", "proceedings", "planning", "issue",
        "probe", "program", "effort", "ruling", "finding", "findings",
    };

    private static bool TailIsNounPhrase(List<ClauseToken> words, int from)
    {
        // "for the Department of Justice", "familiar with the talks", "in the region", "close to the president".
        for (var i = from; i < words.Count; i++)
        {
            var w = words[i];
            if (w.IsCapitalized || Connectors.Contains(w.Text) || Determiners.Contains(w.Text) || PossessivePronouns.Contains(w.Text))
                continue;
            if (w.Lower is "familiar" or "close" or "knowledgeable" or "briefed" or "involved")
                continue;
            var lower = w.Lower;
            if (TailNouns.Contains(lower))
                continue;
            if (LooksVerbal(lower) && !Lexicon.Modifiers.Contains(lower) || Lexicon.Blockers.Contains(lower) || Lexicon.ReportingVerbs.Contains(lower))
                return false;
            // "the 4th Circuit", "the secretary of state’s office", "the condo association".
            if (char.IsDigit(lower[0]) || IsPossessive(lower) || lower.Length > 2)
                continue;
            if (Lexicon.Modifiers.Contains(lower) || Lexicon.PersonHeads.Contains(Singular(lower)) || Lexicon.GroupHeads.Contains(lower) || Lexicon.OrganisationHeads.Contains(lower)
                || Lexicon.DocumentHeads.Contains(lower))
                continue;
            return false;
        }

        return true;
    }

    private static bool LooksVerbal(string lower) =>
        lower.Length > 4 && (lower.EndsWith("ed", StringComparison.Ordinal) || lower.EndsWith("ing", StringComparison.Ordinal)) || lower.EndsWith("ly", StringComparison.Ordinal) && lower.Length > 4;

    private static bool IsPossessive(string w) => w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("’s", StringComparison.Ordinal);

    private static string StripPossessive(string w) => IsPossessive(w) ? w[..^2] : w.TrimEnd('\'', '’');

    private static string Singular(string lower) =>
        lower.EndsWith("men", StringComparison.Ordinal) && lower.Length > 4 ? lower[..^3] + "man"
        : lower.EndsWith("ies", StringComparison.Ordinal) ? lower[..^3] + "y"
        : lower.EndsWith("s", StringComparison.Ordinal) && !lower.EndsWith("ss", StringComparison.Ordinal) && lower.Length > 3 ? lower[..^1] : lower;

    private static CreditKind KindOf(List<ClauseToken> core, List<ClauseToken> words, int headIndex)
    {
        var head = core[^1];
        if (!head.IsCapitalized)
        {
            var lower = head.Lower;
            if (Lexicon.GroupHeads.Contains(lower) || words.Any(w => w.Lower == "and") && headIndex == words.Count - 1)
                return CreditKind.Group;
            if (Lexicon.PersonHeads.Contains(HeadPart(lower)) || IsAge(lower))
                return CreditKind.Person;
            if (Lexicon.OrganisationHeads.Contains(lower))
                return CreditKind.Organisation;
            if (Lexicon.DocumentHeads.Contains(lower))
                return CreditKind.Document;
            return Lexicon.PersonHeads.Contains(Singular(lower)) ? CreditKind.Group : CreditKind.Organisation;
        }

        // A name at the end, possibly with a title or role before it ("White House press secretary Jen Psaki").
        var nameStart = core.Count - 1;
        while (nameStart > 0 && (core[nameStart - 1].IsCapitalized || core[nameStart - 1].Lower is "de" or "bin" or "van" or "von" or "al" or "der" or "del" or "da"))
            nameStart--;
        var name = core.GetRange(nameStart, core.Count - nameStart);
        var before = core.GetRange(0, nameStart);
        if (words.Count(w => w.Lower == "and") > 0 && headIndex == words.Count - 1 && !core.Any(w => Lexicon.OrganisationNameWords.Contains(w.Text)))
        {
            // "Hamas and Egypt", "Israel and Hamas", "the FDA and CDC": two parties.
            var andIndex = core.FindIndex(w => w.Lower == "and");
            if (andIndex > 0 && core[andIndex - 1].IsCapitalized)
                return CreditKind.Group;
        }

        if (name.Count == 1 && Lexicon.GroupHeads.Contains(name[0].Text))
            return CreditKind.Group;

        // Role words before the name make it a person's name; otherwise organisation words decide.
        var roleBefore = before.Any(w => Lexicon.PersonHeads.Contains(Singular(HeadPart(w.Lower))) || Lexicon.Titles.Contains(w.Lower))
                         || name.Count > 1 && Lexicon.Titles.Contains(name[0].Lower);
        // Titles inside the capitalised run: "Senate Majority Leader Chuck Schumer", "Secretary of State Antony Blinken".
        var lastTitle = name.FindLastIndex(w => Lexicon.Titles.Contains(w.Lower) || Lexicon.PersonHeads.Contains(HeadPart(w.Lower)));
        var personal = name.Skip(lastTitle + 1).ToList();
        if ((roleBefore || lastTitle >= 0) && personal.Count is >= 1 and <= 4 && !personal.Any(w => Lexicon.OrganisationNameWords.Contains(w.Text) || Lexicon.PlaceWords.Contains(w.Text)))
            return CreditKind.Person;
        if (words.Any(w => Lexicon.OrganisationNameWords.Contains(StripPossessive(w.Text))) || name.Any(w => IsAcronym(w.Text)) && name.Count == 1
            || EndsAsCompany(name))
            return CreditKind.Organisation;
        // "The Federal Reserve", "the People's Daily": a name of several words right after "the", with no role, is not a
        // person's. One word may be a person's nickname ("The Rock", "The Weeknd"): a name, as before.
        if (before.Count == 0 && words[0].Lower == "the" && !roleBefore && lastTitle < 0 && name.Count > 1)
            return CreditKind.Organisation;
        // "The Guardian", "The Hill", "The Times": one word after "the" that names a publication.
        if (before.Count == 0 && words[0].Lower == "the" && name.Count == 1 && Publications.Contains(StripPossessive(name[0].Text)))
            return CreditKind.Organisation;
        if (name.Count == 1)
            return before.Count > 0 && before.Any(w => !Determiners.Contains(w.Text)) ? CreditKind.Person : CreditKind.Name;
        if (name.Any(w => Lexicon.PlaceWords.Contains(w.Text)))
            return CreditKind.Organisation;
        return name.Count <= 4 ? CreditKind.Person : CreditKind.Organisation;
    }

    /// <summary>
    /// The legal form that ends a company's name as wire services write it ("Toyota Motor Corp", "Volkswagen AG", "Barclays
    /// Plc"): only as the last word of a name of several words, and as written ("Texas AG Ken Paxton", "Asa Hutchinson",
    /// "Zaldy Co" are people).
    /// </summary>
    private static readonly HashSet<string> CompanyEndings = new(StringComparer.Ordinal)
    {
        "Inc", "Corp", "Ltd", "Plc", "PLC", "LLC", "AG", "SE", "SA", "NV", "BV", "SpA", "GmbH", "KGaA", "Oyj", "ASA", "AB",
    };

    /// <summary>Whether a capitalised name of several words ends in a company's legal form (<see cref="CompanyEndings"/>).</summary>
    internal static bool EndsAsCompany(IReadOnlyList<ClauseToken> name) =>
        name.Count > 1 && CompanyEndings.Contains(StripPossessive(name[^1].Text).TrimEnd('.'));

    /// <summary>Newspapers, magazines and institutions known by one word after "the" (else such a name may be a person's nickname).</summary>
    private static readonly HashSet<string> Publications = new(StringComparer.Ordinal)
    {
        "Guardian", "Times", "Telegraph", "Independent", "Economist", "Atlantic", "Hill", "Intercept", "Spectator", "Nation",
        "Observer", "Sun", "Mirror", "Express", "Hindu", "Australian", "Scotsman", "Globe", "Journal", "Post", "Herald", "Tribune",
        "Age", "Star", "Verge", "Vatican",
    };

    public static bool IsAcronym(string w)
    {
        var letters = w.Where(char.IsLetter).ToList();
        return letters.Count >= 2 && letters.All(char.IsUpper);
    }
}
