using System.Text.RegularExpressions;

namespace BriefingBot.Core.Llm;

/// <summary>
/// The prompt files of prompts/, loaded once at start. Each file documents its placeholders (<c>{{name}}</c>) at
/// the top in an HTML comment, which is not sent; a missing file, or a placeholder the code does not fill, stops
/// the host with a message naming the file.
/// </summary>
public sealed partial class PromptLibrary
{
    /// <summary>Every prompt the bot uses, with the placeholders it fills.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Required = new Dictionary<string, string[]>
    {
        ["briefing-story.md"] = ["max_statements"],
        ["answer.md"] = ["max_statements"],
        ["report-digest.md"] = ["max_points"],
    };

    private readonly Dictionary<string, string> _prompts;

    private PromptLibrary(Dictionary<string, string> prompts) => _prompts = prompts;

    public static PromptLibrary Load(string folder)
    {
        var prompts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, placeholders) in Required)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
                throw new BriefingBotException($"the prompt file {path} is missing (Llm:PromptsDirectory); the LLM cannot be used without it");
            var text = Comment().Replace(File.ReadAllText(path), "").Trim();
            var unknown = Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(p => !placeholders.Contains(p)).Distinct().ToList();
            if (unknown.Count > 0)
                throw new BriefingBotException($"the prompt file {path} uses placeholders the bot does not fill: {string.Join(", ", unknown.Select(u => "{{" + u + "}}"))} (known: {string.Join(", ", placeholders.Select(p => "{{" + p + "}}"))})");
            if (text.Length == 0)
                throw new BriefingBotException($"the prompt file {path} is empty");
            prompts[name] = text;
        }

        return new PromptLibrary(prompts);
    }

    /// <summary>The prompt with its placeholders filled.</summary>
    public string Render(string name, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(_prompts[name], m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\{\{\s*([a-z_]+)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
