using System;
using LlmTelemetry.Extensions.AI;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

IChatClient client = new ChatClient("gpt-5.4", Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
    .AsIChatClient()
    .AsBuilder()
    .UseLlmTelemetry(o => { o.Agent = "my-app"; o.Operation = "greet"; })
    .Build();

ChatResponse response = await client.GetResponseAsync("Say hello.");
Console.WriteLine(response.Text);
