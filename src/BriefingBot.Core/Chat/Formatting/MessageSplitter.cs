using System.Text;
using System.Text.RegularExpressions;

namespace BriefingBot.Core.Chat.Formatting;

/// <summary>
/// Packs formatted blocks (a claim with its citation, a disagreement, a link) into messages of at most
/// the platform's length. Blocks are never cut; a single block longer than a message is cut at a space
/// outside any tag, entity or link, with open HTML tags closed at the cut and reopened after it.
/// </summary>
public static partial class MessageSplitter
{
    [GeneratedRegex(@"<(/?)([a-z]+)(?:\s[^>]*)?>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    public static IReadOnlyList<string> Pack(IEnumerable<string> blocks, int limit, bool html)
    {
        var messages = new List<string>();
        var current = new StringBuilder();
        foreach (var block in blocks)
        {
            var pieces = block.Length <= limit ? [block] : SplitBlock(block, limit, html);
            foreach (var piece in pieces)
            {
                var needed = current.Length == 0 ? piece.Length : current.Length + 1 + piece.Length;
                if (needed > limit && current.Length > 0)
                {
                    messages.Add(current.ToString());
                    current.Clear();
                }

                if (current.Length > 0)
                    current.Append('\n');
                current.Append(piece);
            }
        }

        if (current.Length > 0)
            messages.Add(current.ToString());
        return messages;
    }

    private static List<string> SplitBlock(string block, int limit, bool html)
    {
        var result = new List<string>();
        var open = new List<(string Name, string Tag)>();
        var start = 0;
        while (start < block.Length)
        {
            var prefix = string.Concat(open.Select(t => t.Tag));
            var budget = limit - prefix.Length - ClosingLength(open) - 16;
            if (block.Length - start <= budget)
            {
                result.Add(prefix + block[start..]);
                break;
            }

            var cut = FindCut(block, start, start + budget, html);
            var piece = block[start..cut];
            var stack = new List<(string Name, string Tag)>(open);
            if (html)
                Track(piece, stack);
            result.Add(prefix + piece.TrimEnd() + Closing(stack));
            open = stack;
            start = cut;
            while (start < block.Length && block[start] == ' ')
                start++;
        }

        return result;
    }

    /// <summary>The last space before <paramref name="max"/> that is outside a tag and an entity; a hard cut if there is none.</summary>
    private static int FindCut(string s, int start, int max, bool html)
    {
        var best = -1;
        var inTag = false;
        var inEntity = false;
        var inLink = false;
        for (var i = start; i < max && i < s.Length; i++)
        {
            var c = s[i];
            if (html && c == '<')
            {
                inTag = true;
                if (string.CompareOrdinal(s, i, "<a ", 0, 3) == 0)
                    inLink = true;
                else if (string.CompareOrdinal(s, i, "</a>", 0, 4) == 0)
                    inLink = false;
            }
            else if (html && c == '>')
            {
                inTag = false;
            }
            else if (html && c == '&')
            {
                inEntity = true;
            }
            else if (inEntity && c == ';')
            {
                inEntity = false;
            }
            else if (c == ' ' && !inTag && !inEntity && !inLink && i > start)
            {
                best = i;
            }
        }

        if (best > start)
            return best;
        // No safe space (one giant word): cut before any tag or entity that straddles the limit.
        var hard = Math.Min(max, s.Length);
        var lt = s.LastIndexOf('<', hard - 1, hard - start);
        var gt = s.LastIndexOf('>', hard - 1, hard - start);
        if (html && lt > gt && lt > start)
            hard = lt;
        var amp = s.LastIndexOf('&', hard - 1, hard - start);
        if (html && amp >= 0 && s.IndexOf(';', amp) >= hard && amp > start)
            hard = amp;
        return hard;
    }

    private static void Track(string piece, List<(string Name, string Tag)> stack)
    {
        foreach (Match m in Tag().Matches(piece))
        {
            var name = m.Groups[2].Value;
            if (m.Groups[1].Value == "/")
            {
                var idx = stack.FindLastIndex(t => t.Name == name);
                if (idx >= 0)
                    stack.RemoveAt(idx);
            }
            else
            {
                stack.Add((name, m.Value));
            }
        }
    }

    private static string Closing(List<(string Name, string Tag)> open) =>
        string.Concat(Enumerable.Reverse(open).Select(t => $"</{t.Name}>"));

    private static int ClosingLength(List<(string Name, string Tag)> open) => open.Sum(t => t.Name.Length + 3);
}
