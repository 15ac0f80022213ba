using System.Text;
using AngleSharp.Dom;

namespace BriefingBot.Core.Sources.Extraction;

/// <summary>One line of a container's text (a paragraph, a heading, a list item, a table row) with what its markup says about it.</summary>
/// <param name="LinkLength">How many of its characters are link text.</param>
/// <param name="Furniture">Whether an element around it inside the container is named like furniture: share row, byline, caption, newsletter box.</param>
internal sealed record TextBlock(string Text, int LinkLength, bool Furniture)
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
        private bool furniture;

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
            var outer = furniture;
            furniture = furniture || (element != root && IsFurniture(element));
            WalkChildren(element, inLink);
            Flush();
            furniture = outer;
        }

        public void Flush()
        {
            if (text.Length == 0)
                return;
            var line = ElementText.Collapse(text.ToString());
            if (line.Length > 0)
                Blocks.Add(new TextBlock(line, ElementText.Collapse(links.ToString()).Length, furniture));
            text.Clear();
            links.Clear();
        }

        private void WalkChildren(IElement element, bool inLink)
        {
            foreach (var child in element.ChildNodes)
                Walk(child, inLink);
        }

        private bool IsFurniture(IElement element)
        {
            var names = $"{element.ClassName} {element.Id}".Trim();
            if (names.Length < 3 || !settings.Furniture.IsMatch(names))
                return false;
            // A container that holds most of the article is not furniture, whatever its name says.
            return ElementText.Collapse(element.TextContent).Length < rootLength / 2;
        }
    }
}
