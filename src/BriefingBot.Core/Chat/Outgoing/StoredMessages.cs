using System.Text.Json;

namespace BriefingBot.Core.Chat.Outgoing;

/// <summary>
/// Rendered messages as a delivery record stores them (the <c>parts</c> column): a scheduled briefing and a reply in the
/// outbox alike, so a resumed delivery sends exactly what was rendered before the crash.
/// </summary>
public static class StoredMessages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(IEnumerable<OutgoingMessage> messages) => JsonSerializer.Serialize(messages.Select(StoredPart.From), Json);

    public static IReadOnlyList<OutgoingMessage> Deserialize(string? json) =>
        json is null ? [] : (JsonSerializer.Deserialize<List<StoredPart>>(json, Json) ?? []).Select(p => p.ToMessage()).ToList();

    private sealed record StoredPart(string Text, List<ReplyButton> Buttons, List<Card>? Cards, bool IsError)
    {
        public static StoredPart From(OutgoingMessage m) => new(m.Text, [.. m.Buttons], m.Cards?.ToList(), m.IsError);

        public OutgoingMessage ToMessage() => new(Text, Buttons, Cards) { IsError = IsError };
    }
}
