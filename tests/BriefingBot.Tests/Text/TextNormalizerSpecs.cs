using BriefingBot.Core.Text;

namespace BriefingBot.Tests.Text;

public sealed class TextNormalizerSpecs
{
    [Theory]
    [InlineData("Evil\u001b[31mRED\u001b[0m text", "EvilRED text")]
    [InlineData("Title\u001b]0;pwned\u0007 here", "Title here")]
    [InlineData("Title\u001b]2;pwned\u001b\\ here", "Title here")]
    [InlineData("bell\u0007 null\0 del\u007f c1\u0085 csi\u009b2J done", "bell null del c1 csi done")]
    [InlineData("reset\u001bc now", "reset now")]
    [InlineData("line one\r\nline two\rline three\ttabbed", "line one\nline two\nline three\ttabbed")]
    [InlineData("swap \u202eevil\u202c text \u2066isolated\u2069", "swap evil text isolated")]
    public void Terminal_and_bidi_controls_are_stripped_and_newlines_and_tabs_kept(string raw, string expected)
    {
        Assert.Equal(expected, TextNormalizer.StripControls(raw));
    }

    [Fact]
    public void Text_without_controls_is_returned_as_it_is()
    {
        const string text = "Кремль заявил: «Нет». 日本語 عربي \u200f and done.";

        Assert.Same(text, TextNormalizer.StripControls(text));
    }

    [Theory]
    [InlineData("Reu\u200bters", "Reuters")]
    [InlineData("\u200eReuters\u200f", "Reuters")]
    [InlineData("\ufeffThe  Moscow\tTimes ", "The Moscow Times")]
    [InlineData("Evil\u001b[31mRED", "EvilRED")]
    [InlineData("Le Monde\u2060", "Le Monde")]
    [InlineData("El Pai\u0301s", "El País")]
    public void An_outlet_name_loses_invisible_characters_so_one_outlet_is_never_two(string raw, string expected)
    {
        Assert.Equal(expected, TextNormalizer.CleanName(raw));
    }
}
