namespace BriefingBot.Core.Analysis.Attribution;

/// <summary>How a credit was found.</summary>
public enum CreditBasis
{
    /// <summary>The sentence names or describes its speaker.</summary>
    Stated,

    /// <summary>A pronoun, "the agency" or a surname, resolved to a party named earlier in the report.</summary>
    Resolved,

    /// <summary>A sentence of a quotation whose speaker is named before or after it.</summary>
    Quotation,
}

/// <summary>Whom a report credits for a sentence ("Rep. Maxine Waters", "RT, citing the Russian military").</summary>
/// <param name="Kind">The kind of the party that spoke (the last one of a chain).</param>
/// <param name="InPart">The party is credited with a clause of the sentence only ("… three targets that the Pentagon said
/// were used by militias"); the rest is the outlet's own.</param>
public sealed record Credit(string Text, CreditKind Kind, CreditBasis Basis, bool InPart = false);
