using System.Text;
using BriefingBot.Core.Text;

namespace BriefingBot.Cli;

/// <summary>
/// Standard output and error as the CLI writes them: text from stored reports (written before ingest stripped controls,
/// or by another tool) can never recolour, retitle or clear the terminal, since escape sequences and other controls but
/// newline and tab are dropped on the way out. JSON output has none to drop: its serializer escapes them.
/// </summary>
internal sealed class TerminalWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value is '\n' or '\t' || !char.IsControl(value))
            inner.Write(value);
    }

    public override void Write(string? value) => inner.Write(value is null ? null : TextNormalizer.StripControls(value));

    public override void WriteLine(string? value) => inner.WriteLine(value is null ? null : TextNormalizer.StripControls(value));

    public override void Flush() => inner.Flush();
}
