using System;
using System.Collections.Generic;
using System.Text.Json;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// Finds the line of a field ("models[3].prices[0].input") in a JSON file, so an error about a value that is
    /// well-formed JSON but wrong (a negative price, a missing id) can still say where to look.
    /// </summary>
    internal static class JsonFieldLocator
    {
        public static long LineOf(byte[] utf8, string field)
        {
            long bestLine = 1;
            int bestLength = -1;
            try
            {
                var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                var stack = new Stack<Frame>();
                string? pendingName = null;
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName:
                            pendingName = reader.GetString();
                            continue;
                        case JsonTokenType.EndObject:
                        case JsonTokenType.EndArray:
                            stack.Pop();
                            continue;
                    }
                    string path = PathOfValue(stack, pendingName);
                    pendingName = null;
                    if (IsPrefix(path, field) && path.Length > bestLength)
                    {
                        bestLength = path.Length;
                        bestLine = Line(utf8, reader.TokenStartIndex);
                        if (path.Length == field.Length) return bestLine;
                    }
                    if (reader.TokenType == JsonTokenType.StartObject) stack.Push(new Frame(path, false));
                    else if (reader.TokenType == JsonTokenType.StartArray) stack.Push(new Frame(path, true));
                }
            }
            catch (JsonException)
            {
                // A file that does not parse has already been reported with the parser's own line.
            }
            return bestLine;
        }

        private static string PathOfValue(Stack<Frame> stack, string? name)
        {
            if (stack.Count == 0) return "";
            var parent = stack.Peek();
            if (parent.IsArray) return parent.Path + "[" + parent.NextIndex++ + "]";
            return parent.Path.Length == 0 ? name ?? "" : parent.Path + "." + name;
        }

        private static bool IsPrefix(string path, string field)
        {
            if (path.Length == 0) return true;
            if (!field.StartsWith(path, StringComparison.Ordinal)) return false;
            return path.Length == field.Length || field[path.Length] == '.' || field[path.Length] == '[';
        }

        private static long Line(byte[] utf8, long offset)
        {
            long line = 1;
            for (long i = 0; i < offset && i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n') line++;
            }
            return line;
        }

        private sealed class Frame
        {
            public Frame(string path, bool isArray)
            {
                Path = path;
                IsArray = isArray;
            }

            public string Path { get; }
            public bool IsArray { get; }
            public int NextIndex { get; set; }
        }
    }
}
