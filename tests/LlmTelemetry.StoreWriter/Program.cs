using System;
using LlmTelemetry.Records;
using LlmTelemetry.Configuration;
using LlmTelemetry.Storage;

// Usage: StoreWriter <root> <count> <writerName>   (count -1 = until killed)
var root = args[0];
long count = long.Parse(args[1]);
string name = args[2];
using var store = new TelemetryStore(new StoreOptions { Root = root, AutoMaintenance = false });
Console.Out.WriteLine("ready");
Console.Out.Flush();
for (long i = 0; count < 0 || i < count; i++)
{
    var record = new TelemetryRecordBuilder()
        .Model("claude-sonnet-4-5").Provider("anthropic").Agent(name).Operation("op-" + (i % 7))
        .Session(name).Tokens(input: 100 + i % 50, output: 20, cacheReadInput: i % 3 * 1000)
        .Payload(JsonPayload.Parse("{\"writer\":\"" + name + "\",\"seq\":" + i + ",\"pad\":\"" + new string('x', (int)(i % 200)) + "\"}"))
        .DurationMs(100 + i % 900).Cost(0.001).Build();
    store.Append(record);
}
return 0;
