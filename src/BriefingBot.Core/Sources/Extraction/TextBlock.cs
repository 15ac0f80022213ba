using System.Text;
using AngleSharp.Dom;

namespace BriefingBot.Core.Sources.Extraction;

internal enum BlockRole
{
    Text,
    Heading,
    ListItem,
    TableRow,
}

/// <summary>One line of a page's text (a paragraph, a heading, a list item, a table row) with what its markup says about it.</summary>
/// <param name="LinkLength">How many of its characters are link text.</param>
/// <param name="Furniture">Whether an element around it inside the container is named like furniture: share row, byline, caption, newsletter box.</param>
/// <param name="Group">The list or table it belongs to (its outermost one), numbered in page order; -1 outside lists and tables.</param>
/// <param name="Owner">The innermost block element that holds it.</param>
internal sealed record TextBlock(string Text, int LinkLength, BlockRole Role, bool Furniture, int Group, IElement Owner)
{
    public double LinkDensity => Text.Length == 0 ? 0 : Math.Min(1, LinkLength / (double)Text.Length);

    /// <summary>The blocks of an element in page order, split where block elements open and close.</summary>
    public static List<TextBlock> Split(IElement container, ExtractionSettings settings)
    {
        var splitter = new Splitter(container, settings);
        splitter.Walk(container, inLink: false);
        splitter.Flush();
        return splitter.Blocks;
    }

    private sealed class Splitter(IElement root, ExtractionSettings settings)
    {
        private readonly IElement root = root;
        private readonly int rootLength = ElementText.Collapse(root.TextContent).Length;
        private readonly StringBuilder text = new();
        private readonly StringBuilder links = new();
        private BlockRole role = BlockRole.Text;
        private bool furniture;
        private int group = -1;
        private IElement owner = root;
        private int groups;

        public List<TextBlock> Blocks { get; } = [];

        public void Walk(INode node, bool inLink)
        {
            if (node is IText t)
            {
                text.Append(t.Data);
                if (inLink)
                    links.Append(t.Data);
                return;
            }

            if (node is not IElement element)
                return;
            if (element.LocalName is "td" or "th")
            {
                // A table row is one line, its cells side by side.
                text.Append(' ');
                WalkChildren(element, inLink);
                text.Append(' ');
                return;
            }

            if (!ElementText.Blocks.Contains(element.LocalName))
            {
                WalkChildren(element, inLink || element.LocalName == "a");
                return;
            }

            Flush();
            var outer = (role, furniture, group, owner);
            owner = element;
            role = element.LocalName switch
            {
                "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => BlockRole.Heading,
                "li" or "dt" or "dd" => BlockRole.ListItem,
                "tr" => BlockRole.TableRow,
                _ => role,
            };
            furniture = furniture || (element != root && IsFurniture(element));
            if (group < 0 && element.LocalName is "ul" or "ol" or "dl" or "table")
                group = groups++;
            WalkChildren(element, inLink);
            Flush();
            (role, furniture, group, owner) = outer;
        }

        private void WalkChildren(IElement element, bool inLink)
        {
            foreach (var child in element.ChildNodes)
                Walk(child, inLink);
        }

        public void Flush()
        {
            if (text.Length == 0)
                return;
            var line = ElementText.Collapse(text.ToString());
            if (line.Length > 0)
                Blocks.Add(new TextBlock(line, ElementText.Collapse(links.ToString()).Length, role, furniture, group, owner));
            text.Clear();
            links.Clear();
        }

        private bool IsFurniture(IElement element)
        {
            var names = ElementText.Names(element);
            if (names.Length < 3 || !settings.Furniture.IsMatch(names))
                return false;
            // A container that holds most of the article is not furniture, whatever its name says.
            return ElementText.Collapse(element.TextContent).Length < rootLength / 2;
        }
    }
}
