using System.Text.Json;
using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Llm;

/// <summary>A statement the model wrote whose every credit was checked: the citations are the engine's own.</summary>
public sealed record VerifiedStatement(string Text, IReadOnlyList<Citation> Citations);

/// <summary>What survived verification of one story: its statements, how many were dropped, and why it fell back when it did.</summary>
public sealed record VerifiedStory(string? Title, IReadOnlyList<VerifiedStatement> Statements, int Dropped, string? FallbackReason)
{
    public bool FellBack => FallbackReason is not null;

    public static VerifiedStory Fallback(string reason) => new(null, [], 0, reason);
}

/// <summary>
/// "The LLM writes, the engine checks." The model's JSON (<c>{"title", "statements": [{"text", "citations":
/// [{"quote": "q3", "outlet": "…"}]}]}</c>) is read leniently (extra fields ignored), and each citation must name a
/// quote id of the material and the outlet that quote really belongs to; a statement keeps only verified
/// citations, and is dropped when none is left or when its text names an outlet of the story it does not cite
/// (a misattribution in the prose). Credits shown to users are built from the verified citations, never from the
/// model's words. No statement left, or no JSON at all, means the story falls back to the extractive text.
/// </summary>
public static class StoryVerifier
{
    public const int MaxStatementLength = 600;

    public static VerifiedStory Verify(string? reply, StoryMaterial material)
    {
        if (string.IsNullOrWhiteSpace(reply))
            return VerifiedStory.Fallback("the model's reply was empty");
        var json = JsonObjectIn(reply);
        if (json is null)
            return VerifiedStory.Fallback("the model's reply was not JSON");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return VerifiedStory.Fallback("the model's reply was not valid JSON");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statements", out var statements) || statements.ValueKind != JsonValueKind.Array)
                return VerifiedStory.Fallback("the model's reply had no statements");
            var kept = new List<VerifiedStatement>();
            var dropped = 0;
            foreach (var statement in statements.EnumerateArray())
            {
                if (Check(statement, material) is { } ok)
                    kept.Add(ok);
                else
                    dropped++;
            }

            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? Clean(t.GetString()) : null;
            if (title is { Length: > 200 } || (title is not null && NamesUncitedOutlet(title, material, material.Story.Outlets)))
                title = null;
            return kept.Count == 0
                ? new VerifiedStory(null, [], dropped, $"none of the model's {dropped} statement{(dropped == 1 ? "" : "s")} could be verified")
                : new VerifiedStory(title, kept, dropped, null);
        }
    }

    private static VerifiedStatement? Check(JsonElement statement, StoryMaterial material)
    {
        if (statement.ValueKind != JsonValueKind.Object || !statement.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
            return null;
        var text = Clean(textElement.GetString());
        if (text is null || text.Length > MaxStatementLength || !statement.TryGetProperty("citations", out var citations) || citations.ValueKind != JsonValueKind.Array)
            return null;
        var verified = new List<Citation>();
        foreach (var c in citations.EnumerateArray())
        {
            var id = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("quote", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
            var outlet = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("outlet", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            // Both must hold: the quote exists, and it is the named outlet's.
            if (id is null || outlet is null || material.Find(id) is not { } quote || !quote.Citation.Outlet.Equals(outlet.Trim(), StringComparison.OrdinalIgnoreCase))
                return null;
            if (!verified.Contains(quote.Citation))
                verified.Add(quote.Citation);
        }

        if (verified.Count == 0)
            return null;
        var cited = verified.Select(v => v.Outlet).ToList();
        return NamesUncitedOutlet(text, material, cited) ? null : new VerifiedStatement(text, verified);
    }

    /// <summary>Whether the text names an outlet of the story other than those it may (a credit the citations do not back).</summary>
    private static bool NamesUncitedOutlet(string text, StoryMaterial material, IReadOnlyList<string> allowed) =>
        material.Story.Outlets.Any(o => !allowed.Contains(o, StringComparer.OrdinalIgnoreCase) && text.Contains(o, StringComparison.OrdinalIgnoreCase));

    /// <summary>The JSON object in a reply, also when the model wrapped it in a code fence or prose.</summary>
    private static string? JsonObjectIn(string reply)
    {
        var start = reply.IndexOf('{');
        var end = reply.LastIndexOf('}');
        return start >= 0 && end > start ? reply[start..(end + 1)] : null;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : Text.TextNormalizer.CollapseWhitespace(s).Trim();
}
