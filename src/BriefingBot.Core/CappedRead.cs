namespace BriefingBot.Core;

/// <summary>Reads a stream to its end, but never more than a limit: the check happens while reading, so an endless or bomb-sized body costs at most the limit.</summary>
public static class CappedRead
{
    /// <param name="tooLarge">The message of the <see cref="BriefingBotException"/> thrown once the limit is passed.</param>
    public static async Task<byte[]> ReadAllAsync(Stream stream, long maxBytes, string tooLarge, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw new BriefingBotException(tooLarge);
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
