using BriefingBot.Core.Analysis.Attribution;

namespace BriefingBot.Core.Analysis;

/// <summary>
/// Finds to whom a report attributes each sentence, from the sentence's grammar (<see cref="ClauseAnalyzer"/>):
/// "X said", "said X", "according to X", "X told Y", "X, who …, said", chains ("X, citing Y"; "X announced …,
/// according to Y" becomes "Y, citing X"), and quotations that run over several sentences. Pronouns, "the
/// agency"/"the Center" and a surname alone are resolved against the parties named earlier in the same report,
/// and only when that is unambiguous: no credit is better than a wrong one. Null when the outlet states the
/// sentence in its own voice.
/// </summary>
public sealed class AttributionExtractor
{
    /// <summary>How far back (in sentences) a pronoun may point.</summary>
    private const int PronounReach = 4;

    /// <summary>"the government", "the court": a credit on their own when no fuller name was given.</summary>
    private static readonly HashSet<string> SelfSufficient = new(StringComparer.OrdinalIgnoreCase)
    {
        "government", "administration", "military", "army", "navy", "police", "court", "pentagon", "kremlin", "senate", "house", "congress",
        "cabinet", "parliament", "regime", "campaign", "legislature", "command", "embassy", "prosecutors",
    };

    private readonly List<(int Sentence, Credit Credit, string Key)> _credits = [];
    private readonly List<(int Sentence, Mention Mention)> _mentions = [];
    private readonly Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);
    private int _sentence = -1;

    /// <summary>Attributes the next sentence of the same report (no look-ahead: a quotation's later speaker is not seen).</summary>
    public string? Next(string sentence) => NextCredit(sentence)?.Text;

    /// <summary>Attributes every sentence of one report, with quotations that run over several sentences.</summary>
    /// <param name="sentences">The report's sentences in order, each with its paragraph number.</param>
    public static IReadOnlyList<Credit?> Attribute(IReadOnlyList<(string Text, int Paragraph)> sentences)
    {
        var extractor = new AttributionExtractor();
        var readings = new List<ClauseReading>(sentences.Count);
        var credits = new Credit?[sentences.Count];
        for (var i = 0; i < sentences.Count; i++)
        {
            var reading = ClauseAnalyzer.Analyze(sentences[i].Text);
            readings.Add(reading);
            credits[i] = extractor.Credit(sentences[i].Text, reading);
        }

        QuotationRuns(sentences, readings, credits);
        return credits;
    }

    /// <summary>The next sentence's credit with its kind.</summary>
    public Credit? NextCredit(string sentence) => Credit(sentence, ClauseAnalyzer.Analyze(sentence));

    private Credit? Credit(string sentence, ClauseReading reading)
    {
        _sentence++;
        foreach (var m in reading.Mentions)
        {
            if (m.AliasOf is { } full)
                _aliases[m.Text] = full;
            else
                _mentions.Add((_sentence, m));
        }
        var speaker = reading.Speaker is null ? null : Resolve(reading.Speaker, reading);
        if (speaker is not null && reading.Second is not null)
            speaker = speaker with { Text = $"{speaker.Text} and {reading.Second.Text}", Kind = CreditKind.Group };
        var according = reading.According is null ? null : Resolve(reading.According, reading);
        var cited = reading.Cited is null ? null : Resolve(reading.Cited, reading);

        Credit? result;
        if (according is not null && speaker is not null && !string.Equals(according.Text, speaker.Text, StringComparison.OrdinalIgnoreCase))
            result = new Credit($"{according.Text}, citing {speaker.Text}", speaker.Kind, Worse(according.Basis, speaker.Basis));
        else
            result = according ?? speaker;
        if (cited is not null)
            result = result is null ? cited : new Credit($"{result.Text}, citing {cited.Text}", cited.Kind, Worse(result.Basis, cited.Basis));

        // "Officials said …, but residents said …": the main speaker said part of the sentence only.
        if (result is not null && reading.Other is not null && according is null && cited is null)
            result = result with { InPart = true };
        if (result is not null)
            Remember(result);
        else if (reading.Partial is { } partial && ResolvePartial(partial, reading) is { } part)
            result = part with { InPart = true };
        return result;
    }

    /// <summary>
    /// The speaker of a subordinate clause, credited with that clause only: a pronoun only when the sentence itself says
    /// whom it means (its subject: an institution for "it"/"they", a person for "he"/"she").
    /// Not remembered for later pronouns: the sentence is the outlet's.
    /// </summary>
    private Credit? ResolvePartial(SpeakerPhrase phrase, ClauseReading reading)
    {
        // "A spokesman for the hospital that said …": an unnamed institution inside another phrase is not sure enough.
        if (phrase.Form == PhraseForm.BackReference)
            return ResolveOrganisation(phrase, unnamed: false);
        if (phrase.Form != PhraseForm.Pronoun)
            return Resolve(phrase, reading);
        // "a conflict that he said had strayed": the sentence's subject, of the pronoun's kind. A single name ("Israel",
        // "Biden") may be a country or a person, and another party named on the way may be meant: nothing else is sure.
        var person = phrase.Text.ToLowerInvariant() is "he" or "she";
        return reading.Subject is { Form: PhraseForm.Stated } subject
               && (person ? subject.Kind == CreditKind.Person : subject.Kind is CreditKind.Organisation or CreditKind.Group)
            ? new Credit(subject.Text, subject.Kind, CreditBasis.Resolved)
            : null;
    }

    private void Remember(Credit credit)
    {
        var last = credit.Text.Split(", citing ")[^1];
        _credits.Add((_sentence, credit, Mention.KeyOf(last)));
    }

    private static CreditBasis Worse(CreditBasis a, CreditBasis b) => a > b ? a : b;

    private Credit? Resolve(SpeakerPhrase phrase, ClauseReading reading)
    {
        switch (phrase.Form)
        {
            case PhraseForm.Pronoun when reading.Earlier is { } earlier && earlier.To < phrase.From && Agrees(phrase.Text, earlier.Kind):
                // "While the FDA said it had not …, it noted …": the speaker of the clause before.
                return Resolve(earlier, reading) is { } e ? e with { Basis = CreditBasis.Resolved } : null;
            case PhraseForm.Pronoun:
                return phrase.Text.ToLowerInvariant() switch
                {
                    "he" or "she" => ResolvePerson(phrase, reading),
                    "it" => RecentOrOwn(ResolveRecent(k => k is CreditKind.Organisation or CreditKind.Document || k == CreditKind.Name), reading),
                    _ => RecentOrOwn(ResolveRecent(k => k is CreditKind.Group or CreditKind.Organisation), reading),
                };
            case PhraseForm.BackReference:
                return ResolveOrganisation(phrase);
            case PhraseForm.Statement:
                return ResolveStatement(phrase);
        }

        // A surname alone ("Röpcke said") stands for the fuller name given earlier, when only one fits.
        if (phrase.Kind == CreditKind.Name)
        {
            var key = Mention.KeyOf(phrase.Text);
            var fuller = _credits.Where(c => c.Key == key && c.Credit.Kind == CreditKind.Person && c.Credit.Text.Length > phrase.Text.Length && !c.Credit.Text.Contains(", citing ", StringComparison.Ordinal)).Select(c => c.Credit.Text)
                .Concat(_mentions.Where(m => m.Mention.Key == key && m.Mention.Kind == CreditKind.Person && m.Mention.Text.Contains(' ', StringComparison.Ordinal)).Select(m => m.Mention.Text))
                .Distinct(StringComparer.Ordinal).ToList();
            var known = _mentions.Any(m => m.Mention.Key == key && m.Mention.Kind == CreditKind.Person);
            var best = fuller.OrderByDescending(f => f.Length).FirstOrDefault();
            // Every fuller form must be the same person: each a part of the longest one ("Biden" ⊂ "President Joe Biden").
            if (best is not null && fuller.All(f => Within(f, best)))
                return new Credit(best, CreditKind.Person, CreditBasis.Resolved);
            return new Credit(phrase.Text, known ? CreditKind.Person : CreditKind.Name, CreditBasis.Stated);
        }

        return new Credit(phrase.Text, phrase.Kind, CreditBasis.Stated);
    }

    /// <summary>
    /// it/they: the last credit of the report (<paramref name="recent"/>) or the sentence's own subject when that is an
    /// institution ("The United States will spend $3.5 billion …, it said" with no speaker before it; "the company" as the
    /// name given before). When both are there and differ ("Smith said he was leaving the company. The company will cut
    /// 200 jobs, it said"), either may be meant: neither. Not a group: "Two men were arrested, they said" is the police
    /// speaking about the men.
    /// </summary>
    private Credit? RecentOrOwn(Credit? recent, ClauseReading reading)
    {
        if (reading.Subject is not { Kind: CreditKind.Organisation, Form: PhraseForm.Stated or PhraseForm.BackReference } subject)
            return recent;
        var own = subject.Form == PhraseForm.Stated ? new Credit(subject.Text, subject.Kind, CreditBasis.Resolved) : ResolveOrganisation(subject);
        if (recent is null || own is null)
            return recent is null ? own : null;
        return SameInstitution(recent.Text, own.Text) ? recent : null;
    }

    /// <summary>
    /// "Apple Inc" and "Apple", "The U.S. Food and Drug Administration" and "The FDA": one institution, by its last word,
    /// by one name inside the other, or by the initials of the longer one.
    /// </summary>
    private static bool SameInstitution(string a, string b)
    {
        var (x, y) = (StripThe(a), StripThe(b));
        if (string.Equals(Mention.KeyOf(x), Mention.KeyOf(y), StringComparison.OrdinalIgnoreCase)
            || x.Contains(y, StringComparison.OrdinalIgnoreCase) || y.Contains(x, StringComparison.OrdinalIgnoreCase))
            return true;
        var (longer, shorter) = x.Length >= y.Length ? (x, y) : (y, x);
        var initials = string.Concat(longer.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsUpper(w[0])).Select(w => w[0]));
        return shorter.Length >= 2 && SpeakerPhrases.IsAcronym(shorter) && initials.EndsWith(shorter.Replace(".", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static bool Agrees(string pronoun, CreditKind kind) => pronoun.ToLowerInvariant() switch
    {
        "he" or "she" => kind == CreditKind.Person,
        "it" => kind is CreditKind.Organisation or CreditKind.Document,
        _ => kind is CreditKind.Group or CreditKind.Organisation,
    };

    private static string Stripped(string name) => string.Join(' ', name.Split(' ').Where(w => !w.EndsWith('.') || w.Length > 4));

    /// <summary>Whether <paramref name="part"/> is a part of <paramref name="name"/> ("Biden" of "President Joe Biden"), titles aside.</summary>
    private static bool Within(string part, string name) =>
        name.Contains(part, StringComparison.Ordinal) || Stripped(name).Contains(Stripped(part), StringComparison.Ordinal);

    /// <summary>
    /// he/she: the one person named in the latest sentence that names any (a person named only as a possessor,
    /// "Trump’s administration", is not a candidate but still makes it unsure), or the last credited speaker when
    /// several were named there.
    /// </summary>
    private Credit? ResolvePerson(SpeakerPhrase pronoun, ClauseReading reading)
    {
        var personKeys = _mentions.Where(m => m.Mention.Kind == CreditKind.Person).Select(m => m.Mention.Key)
            .Concat(_credits.Where(c => c.Credit.Kind == CreditKind.Person).Select(c => c.Key))
            .SelectMany(k => k.Split('-').Append(k)).ToHashSet(StringComparer.Ordinal);
        bool IsPerson(Mention m) => m.Kind == CreditKind.Person || m.Kind == CreditKind.Name && personKeys.Contains(m.Key);

        var here = reading.Mentions.Where(m => IsPerson(m) && m.Token < pronoun.From).ToList();
        var lastCredit = _credits.Count > 0 ? _credits[^1] : default;
        var hasLast = _credits.Count > 0 && _sentence - lastCredit.Sentence <= PronounReach && lastCredit.Credit.Kind == CreditKind.Person;
        List<(string Key, bool Possessive)> people;
        int at;
        if (here.Count > 0)
        {
            people = here.Select(m => (m.Key, m.Possessive)).ToList();
            at = _sentence;
        }
        else
        {
            var latest = Math.Max(_mentions.Where(m => m.Sentence < _sentence && IsPerson(m.Mention)).Select(m => m.Sentence).DefaultIfEmpty(-1).Max(),
                _credits.Where(c => c.Credit.Kind is CreditKind.Person or CreditKind.Name).Select(c => c.Sentence).DefaultIfEmpty(-1).Max());
            if (latest < 0 || _sentence - latest > PronounReach)
                return null;
            at = latest;
            // A one-word credit there ("Greene said") may be a person the report named otherwise: it makes it unsure.
            people = _mentions.Where(m => m.Sentence == latest && IsPerson(m.Mention)).Select(m => (m.Mention.Key, m.Mention.Possessive))
                .Concat(_credits.Where(c => c.Sentence == latest && c.Credit.Kind is CreditKind.Person or CreditKind.Name).Select(c => (c.Key, false)))
                .ToList();
        }

        // A person named inside a credited phrase ("Trump's lawyer") is not a second candidate.
        if (hasLast && lastCredit.Sentence == at)
            people.RemoveAll(p => p.Key != lastCredit.Key && lastCredit.Credit.Text.Contains(p.Key, StringComparison.OrdinalIgnoreCase));
        var keys = people.Select(p => p.Key).Distinct(StringComparer.Ordinal).ToList();
        string? key = null;
        if (keys.Count == 1 && people.Any(p => !p.Possessive))
            key = keys[0];
        else if (hasLast && keys.Contains(lastCredit.Key))
            key = lastCredit.Key;
        if (key is null)
            return null;
        // "House Speaker Nancy Pelosi's husband, Paul Pelosi": two people of one surname in the sentence it points to, either
        // may be meant.
        var namesakes = _mentions.Where(m => m.Sentence == at && m.Mention.Key == key && m.Mention.Kind == CreditKind.Person && m.Mention.Text.Contains(' ', StringComparison.Ordinal))
            .Select(m => m.Mention.Text).Distinct(StringComparer.Ordinal).ToList();
        if (namesakes.Any(a => namesakes.Any(b => !Within(a, b) && !Within(b, a))))
            return null;

        // A one-word name that is the only candidate ("Greene said …. “…,” she said") is a person.
        var credited = _credits.LastOrDefault(c => c.Key == key && c.Credit.Kind is CreditKind.Person or CreditKind.Name);
        if (credited.Credit is not null)
            return credited.Credit with { Kind = CreditKind.Person, Basis = CreditBasis.Resolved };
        var named = _mentions.Where(m => m.Mention.Key == key && m.Mention.Kind == CreditKind.Person).Select(m => m.Mention.Text).OrderByDescending(t => t.Length).FirstOrDefault();
        return named is null ? null : new Credit(named, CreditKind.Person, CreditBasis.Resolved);
    }

    /// <summary>
    /// "the statement", "the report": the last organisation credited within reach (a person's statement too, for the
    /// personal ones, when that person is the latest credit); unsure otherwise.
    /// </summary>
    private Credit? ResolveStatement(SpeakerPhrase phrase)
    {
        var noun = Mention.KeyOf(phrase.Text);
        if (_credits.Count > 0 && _credits[^1].Credit.Kind == CreditKind.Person && noun is "statement" or "tweet" or "post" or "letter" or "message")
            return _sentence - _credits[^1].Sentence <= PronounReach ? _credits[^1].Credit with { Basis = CreditBasis.Resolved } : null;
        var organisation = _credits.LastOrDefault(c => c.Credit.Kind is CreditKind.Organisation or CreditKind.Group);
        return organisation.Credit is not null && _sentence - organisation.Sentence <= PronounReach ? organisation.Credit with { Basis = CreditBasis.Resolved } : null;
    }

    /// <summary>it/they: the last credit of the report, when it is recent and of the right kind.</summary>
    private Credit? ResolveRecent(Func<CreditKind, bool> fits, int reach = PronounReach)
    {
        if (_credits.Count == 0)
            return null;
        var last = _credits[^1];
        if (_sentence - last.Sentence > reach || !fits(last.Credit.Kind))
            return null;
        // A name the report also gives a person ("Biden") is not an "it".
        if (last.Credit.Kind == CreditKind.Name && _mentions.Any(m => m.Mention.Key == last.Key && m.Mention.Kind == CreditKind.Person))
            return null;
        return last.Credit with { Basis = CreditBasis.Resolved };
    }

    /// <summary>Heads that name a public body: they refer back to a ministry or an agency, not to a company.</summary>
    private static readonly HashSet<string> PublicHeads = new(StringComparer.OrdinalIgnoreCase) { "agency", "regulator", "watchdog" };

    /// <summary>Heads that name a business: they refer back to a company, not to a public body.</summary>
    private static readonly HashSet<string> BusinessHeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "company", "firm", "drugmaker", "automaker", "carmaker", "retailer", "insurer", "lender", "carrier", "chain", "giant", "startup",
        "operator", "utility", "manufacturer", "producer", "publisher", "developer", "airline", "bank", "platform", "network",
    };

    private static readonly string[] PublicNameWords =
    [
        "ministry", "department", "agency", "administration", "center", "centers", "centre", "office", "bureau", "service", "services", "commission",
        "institute", "institutes", "authority", "council", "committee", "court", "house", "senate", "congress", "government", "police", "army",
        "military", "forces", "command", "embassy", "pentagon", "kremlin",
    ];

    /// <summary>
    /// "the agency", "the Center", "the vaccine manufacturer": the last organisation named in the report whose name has
    /// that word (and its other words); else, for a bare "the agency"/"the company", the one organisation named in the
    /// latest sentence that names any of the right kind (a public body for "agency", a business for "company").
    /// </summary>
    private Credit? ResolveOrganisation(SpeakerPhrase phrase, bool unnamed = true)
    {
        var words = phrase.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var head = Mention.KeyOf(phrase.Text);
        var modifiers = words.Skip(1).SkipLast(1).Select(w => w.ToLowerInvariant()).ToList();
        bool Fits(string name)
        {
            var parts = name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Select(w => Mention.KeyOf(w)).ToList();
            return parts.Any(w => string.Equals(w.TrimEnd('s'), head.TrimEnd('s'), StringComparison.OrdinalIgnoreCase))
                   && modifiers.All(m => parts.Any(w => string.Equals(w.TrimEnd('s'), m.TrimEnd('s'), StringComparison.OrdinalIgnoreCase)));
        }

        var organisations = _credits.Where(c => c.Credit.Kind == CreditKind.Organisation && !c.Credit.Text.Contains(", citing ", StringComparison.Ordinal) && c.Credit.Basis == CreditBasis.Stated)
            .Select(c => (c.Sentence, Name: c.Credit.Text))
            .Concat(_mentions.Where(m => m.Mention.Kind == CreditKind.Organisation).Select(m => (m.Sentence, Name: Alias(m.Mention.Text))))
            .Where(c => !string.Equals(c.Name, phrase.Text, StringComparison.OrdinalIgnoreCase))
            .ToList();

        var named = organisations.Where(c => Fits(c.Name) && c.Name.Split(' ').Length > 1).ToList();
        if (named.Count > 0)
            return Latest(named);

        if (modifiers.Count > 0)
            return new Credit(phrase.Text, CreditKind.Organisation, CreditBasis.Stated);
        if (SelfSufficient.Contains(head))
            return new Credit(phrase.Text, CreditKind.Organisation, CreditBasis.Stated);

        // "Moderna's vaccine is 96% effective, the drugmaker said". Other heads ("the office", "the department") may
        // name a part of what was named ("the inspector general's office"): only a name with the word resolves them.
        if (!PublicHeads.Contains(head) && !BusinessHeads.Contains(head) && !MediaHeads.Contains(head))
            return Unnamed();
        // A newspaper is one named before, not one its own sentence reports on ("The newspaper … reported that One America
        // News Network was …").
        var kind = organisations.Where(c => _sentence - c.Sentence <= PronounReach && Compatible(head, c.Name) && !(MediaHeads.Contains(head) && c.Sentence == _sentence)).ToList();
        return kind.Count > 0 ? Latest(kind) : Unnamed();

        // "The ministry said …" in a report that has named no institution (nor a bare name that may be one): the outlet
        // names it no better, and there is nothing else it could mean.
        Credit? Unnamed() => unnamed && organisations.Count == 0 && _mentions.All(m => m.Mention.Kind != CreditKind.Name)
            ? new Credit(phrase.Text, CreditKind.Organisation, CreditBasis.Stated)
            : null;

        Credit? Latest(List<(int Sentence, string Name)> candidates)
        {
            var at = candidates.Max(c => c.Sentence);
            var there = candidates.Where(c => c.Sentence == at).Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            // The names of one sentence count once when one contains the other ("the CDC" and "CDC").
            var outer = there.Where(n => !there.Any(o => o.Length > n.Length && o.Contains(StripThe(n), StringComparison.OrdinalIgnoreCase))).ToList();
            return outer.Count == 1 ? new Credit(outer[0], CreditKind.Organisation, CreditBasis.Resolved) : null;
        }
    }

    private static string StripThe(string name) => name.StartsWith("the ", StringComparison.OrdinalIgnoreCase) ? name[4..] : name;

    private static bool Compatible(string head, string name)
    {
        var words = name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Select(Mention.KeyOf).ToList();
        var isPublic = words.Any(w => PublicNameWords.Contains(w, StringComparer.OrdinalIgnoreCase)) || SpeakerPhrasesAcronym(name);
        // "The Washington Post reported …. The plans would …, the newspaper said": a newspaper or broadcaster named before.
        if (MediaHeads.Contains(head))
            return !NewsAgencies.Contains(StripThe(name)) && words.Any(MediaNameWords.Contains);
        if (PublicHeads.Contains(head))
            return isPublic;
        // "Boeing shares fell, Reuters reported. The company …": the agency that reports the news is not its company, nor
        // is a union, a party or a charity ("The IG Metall union said …. The plant employs 2,300 people, the company said").
        if (BusinessHeads.Contains(head))
            return !isPublic && !NewsAgencies.Contains(StripThe(name)) && !words.Any(NotBusinessWords.Contains);
        return true;
    }

    /// <summary>Heads that name a newspaper, magazine or broadcaster: they refer back to one named as such.</summary>
    private static readonly HashSet<string> MediaHeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "newspaper", "paper", "daily", "broadcaster", "magazine", "tabloid", "publication", "weekly",
    };

    private static readonly HashSet<string> MediaNameWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "post", "times", "journal", "news", "guardian", "tribune", "herald", "telegraph", "gazette", "chronicle", "globe", "observer",
        "mail", "express", "mirror", "sun", "economist", "atlantic", "intercept", "spectator", "television", "tv", "radio",
        "broadcasting", "bbc", "cnn", "nbc", "abc", "cbs", "npr", "pbs", "cnbc", "msnbc", "bloomberg", "politico", "axios",
        "newsweek", "magazine", "daily", "weekly", "inquirer", "examiner", "star", "age", "hindu", "australian", "scotsman",
    };

    private static readonly HashSet<string> NotBusinessWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "union", "unions", "party", "association", "federation", "council", "committee", "league", "alliance", "coalition", "movement",
        "church", "university", "hospital", "school", "foundation", "institute", "charity", "campaign", "club", "society",
    };

    private static readonly HashSet<string> NewsAgencies = new(StringComparer.OrdinalIgnoreCase)
    {
        "Reuters", "Bloomberg", "Bloomberg News", "Associated Press", "AP", "AFP", "Agence France-Presse", "Dow Jones", "Xinhua",
        "TASS", "Interfax", "Kyodo", "Kyodo News", "Yonhap", "Anadolu", "ANSA", "EFE", "Press Trust of India", "PTI", "UPI",
    };

    private static bool SpeakerPhrasesAcronym(string name) => StripThe(name).Split(' ').Length == 1 && SpeakerPhrases.IsAcronym(StripThe(name));

    /// <summary>"CDC" after "Centers for Disease Control and Prevention (CDC)" is that name.</summary>
    private string Alias(string name) => _aliases.TryGetValue(StripThe(name), out var full) ? full : name;

    /// <summary>
    /// Quotations over several sentences: “A,” she said. “B.” — or “A. (paragraph) “B,” she said. — every sentence of one
    /// quotation gets its speaker, when the quotation has exactly one.
    /// </summary>
    private static void QuotationRuns(IReadOnlyList<(string Text, int Paragraph)> sentences, List<ClauseReading> readings, Credit?[] credits)
    {
        var runStart = 0;
        for (var i = 1; i <= sentences.Count; i++)
        {
            // A sentence that opens a quotation goes on the previous one's when that one left a quotation open, quoted
            // someone in the same paragraph, or ended "X said:".
            if (i < sentences.Count && readings[i].QuoteLed
                && (readings[i - 1].EndsInOpenQuote || sentences[i].Paragraph == sentences[i - 1].Paragraph && readings[i - 1].HasQuote || readings[i - 1].IntroducesQuote))
                continue;
            Fill(runStart, i - 1);
            runStart = i;
        }

        void Fill(int from, int to)
        {
            if (to <= from)
                return;
            var speakers = Enumerable.Range(from, to - from + 1).Where(k => credits[k] is { InPart: false } && readings[k].HasQuote).Select(k => credits[k]!).ToList();
            var distinct = speakers.Select(c => c.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (distinct.Count != 1)
                return;
            for (var k = from; k <= to; k++)
            {
                if (credits[k] is null && (readings[k].QuoteLed || readings[k].EndsInOpenQuote))
                    credits[k] = speakers[0] with { Basis = CreditBasis.Quotation };
            }
        }
    }
}
