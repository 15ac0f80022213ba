using System.Text;
using System.Text.RegularExpressions;

namespace BriefingBot.Core.Chat.Messages;

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

    [GeneratedRegex(@"<a\s[^>]*>(?<label>.*?)</a>", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Anchor();

    private static List<string> SplitBlock(string block, int limit, bool html)
    {
        // A link whose tag alone takes a large part of a message cannot be kept whole: show its label.
        if (html)
            block = Anchor().Replace(block, m => m.Value.IndexOf('>', StringComparison.Ordinal) > limit / 8 ? m.Groups["label"].Value : m.Value);
        var result = new List<string>();
        var open = new List<(string Name, string Tag)>();
        var start = 0;
        while (start < block.Length)
        {
            // Reopen the formatting tags cut at the previous piece, but never a link: its (possibly long) href
            // would be repeated, and a link label split in two is shown as plain text instead.
            open.RemoveAll(t => t.Name == "a");
            var prefix = string.Concat(open.Select(t => t.Tag));
            if (prefix.Length > limit / 4)
            {
                open.Clear();
                prefix = "";
            }

            var budget = limit - prefix.Length - ClosingLength(open);
            if (block.Length - start <= budget && ClosingLengthAfter(block[start..], open, html) + prefix.Length + block.Length - start <= limit)
            {
                result.Add(prefix + block[start..]);
                break;
            }

            string piece;
            List<(string Name, string Tag)> stack;
            var max = start + Math.Max(1, budget - 32);
            while (true)
            {
                var cut = FindCut(block, start, max, html);
                if (cut <= start)
                    cut = SafeHardCut(block, start, Math.Max(start + 1, max));
                piece = block[start..cut];
                stack = new List<(string Name, string Tag)>(open);
                if (html)
                    Track(piece, stack);
                if (prefix.Length + piece.TrimEnd().Length + ClosingLength(stack) <= limit || max <= start + 1)
                {
                    start = cut;
                    break;
                }

                max = start + Math.Max(1, (cut - start) - (prefix.Length + piece.Length + ClosingLength(stack) - limit) - 1);
            }

            result.Add(prefix + piece.TrimEnd() + Closing(stack));
            open = stack;
            while (start < block.Length && block[start] == ' ')
                start++;
        }

        return result;
    }

    private static int ClosingLengthAfter(string rest, List<(string Name, string Tag)> open, bool html)
    {
        if (!html)
            return 0;
        var stack = new List<(string Name, string Tag)>(open);
        Track(rest, stack);
        return ClosingLength(stack);
    }

    /// <summary>A cut at <paramref name="max"/> that splits no surrogate pair, tag or entity.</summary>
    private static int SafeHardCut(string s, int start, int max)
    {
        var cut = Math.Min(max, s.Length);
        var lt = s.LastIndexOf('<', cut - 1, cut - start);
        var gt = s.LastIndexOf('>', cut - 1, cut - start);
        if (lt > gt && lt > start)
            cut = lt;
        var amp = s.LastIndexOf('&', cut - 1, cut - start);
        if (amp > start && s.IndexOf(';', amp) >= cut)
            cut = amp;
        if (cut > start + 1 && char.IsHighSurrogate(s[cut - 1]))
            cut--;
        // A markdown escape ("\_") stays whole.
        if (cut > start + 1 && s[cut - 1] == '\\')
            cut--;
        return cut;
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

        return best;
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
