using System;

namespace LlmTelemetry.Providers
{
    /// <summary>One turn of a conversation.</summary>
    public sealed record ChatMessage
    {
        public ChatMessage(ChatRole role, string content)
        {
            Role = role;
            Content = content ?? throw new ArgumentNullException(nameof(content));
        }

        public ChatRole Role { get; }
        public string Content { get; }

        public static ChatMessage User(string content) => new ChatMessage(ChatRole.User, content);
        public static ChatMessage Assistant(string content) => new ChatMessage(ChatRole.Assistant, content);
        public static ChatMessage System(string content) => new ChatMessage(ChatRole.System, content);

        internal string RoleName => Role switch
        {
            ChatRole.System => "system",
            ChatRole.Assistant => "assistant",
            _ => "user",
        };
    }
}
