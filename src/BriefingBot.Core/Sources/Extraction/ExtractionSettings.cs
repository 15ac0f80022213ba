using System.Text.RegularExpressions;

namespace BriefingBot.Core.Sources.Extraction;

/// <summary>
/// The constants and word lists article extraction is judged by. The three numbers marked "tuned" are: the <c>extraction</c>
/// bench's cross-validation (<see cref="ExtractionCrossValidation"/>) selects them on training folds only, and the
/// defaults are its selection on all the dev pages. The word lists are not tuned: they are matched as substrings of
/// an element's class and id (generic words that name page furniture, no site's own class names), and each one was
/// checked against the dev pages by removing it.
/// </summary>
internal sealed record ExtractionSettings
{
    private readonly IReadOnlyList<string> negativeNames =
    [
        "comment", "sidebar", "share", "social", "related", "promo", "footer", "advert", "sponsor", "banner", "popup", "modal",
        "cookie", "newsletter", "subscribe", "signup", "breadcrumb", "pagination", "byline", "author", "meta-?data",
        "tags?-?list", "widget", "most-?popular", "trending",
    ];

    private readonly IReadOnlyList<string> positiveNames = ["article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story"];

    private readonly IReadOnlyList<string> furnitureNames =
    [
        "share", "related", "promo", "newsletter", "subscribe", "sign-?up", "byline", "author", "caption", "credit",
        "\\btags?\\b", "advert", "\\bads?\\b", "-ad-", "^ad-", "sponsor", "read-?more", "comment",
    ];

    private Regex? negative, positive, furniture;

    public static ExtractionSettings Default { get; } = new();

    /// <summary>Class/id words of containers that are not the article (Readability's "negative" words): they lower a container's score.</summary>
    public IReadOnlyList<string> NegativeNames
    {
        get => negativeNames;
        init => (negativeNames, negative) = (value, null);
    }

    /// <summary>Class/id words of containers that hold the article (Readability's "positive" words): they raise its score.</summary>
    public IReadOnlyList<string> PositiveNames
    {
        get => positiveNames;
        init => (positiveNames, positive) = (value, null);
    }

    /// <summary>
    /// Class/id words that mark an element inside the article's container as furniture: a caption, a byline, a share
    /// row, a newsletter box, an advertisement, a "read more" link (trafilatura discards such elements wherever they are).
    /// Not "social": an embedded post (a tweet the article quotes) is named so, and it is the article's text.
    /// </summary>
    public IReadOnlyList<string> FurnitureNames
    {
        get => furnitureNames;
        init => (furnitureNames, furniture) = (value, null);
    }

    /// <summary>Tuned. A block (or a list or table taken whole) whose link text exceeds this share of its text is navigation, not prose.</summary>
    public double MaxLinkDensity { get; init; } = 0.8;

    /// <summary>Tuned. Blocks shorter than this (characters) are judged by their neighbours, as jusText does.</summary>
    public int ShortBlock { get; init; } = 30;

    /// <summary>Tuned. Blocks at least this long that hold a sentence are article text on their own.</summary>
    public int LongBlock { get; init; } = 150;

    public Regex Negative => negative ??= Words(NegativeNames);

    public Regex Positive => positive ??= Words(PositiveNames);

    public Regex Furniture => furniture ??= Words(FurnitureNames);

    private static Regex Words(IReadOnlyList<string> words) =>
        words.Count == 0 ? new Regex("(?!)") : new Regex(string.Join('|', words), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
