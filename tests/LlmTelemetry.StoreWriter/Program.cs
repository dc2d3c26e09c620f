using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using LlmTelemetry.Records;
using LlmTelemetry.Configuration;
using LlmTelemetry.Storage;

// Usage: StoreWriter <root> <count> <writerName>   (count -1 = until killed, or until the OS refuses a write: exit 3)
//            prints "ready", then "wrote N" after every 500 appends
//        StoreWriter maintain <root> <now, ISO 8601>
//            then one command per stdin line: "compact <days>" runs maintenance (the prune path) with that
//            compaction age and prints "done <days>"; "archive <days>" runs it with that retention (raw days older
//            than it go to history) and prints "done archive <days>"; end of input exits. The tests read the store
//            meanwhile, or kill the process part way.
//        StoreWriter budget <root> <config file> <cost>
//            records one call of that cost, then checks the budgets' alerts as a front end does after a call:
//            each warning on stderr as "warning: <text>". Several run at once in the budget alert tests.
if (args.Length > 0 && args[0] == "budget") return Budget(args[1], args[2], double.Parse(args[3], CultureInfo.InvariantCulture));
if (args.Length > 0 && args[0] == "maintain") return Maintain(args[1], DateTimeOffset.Parse(args[2], CultureInfo.InvariantCulture));

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
    try
    {
        store.Append(record);
        // A progress line every 500 appends, so a test can act once enough is written instead of polling the file.
        if ((i + 1) % 500 == 0)
        {
            Console.Out.WriteLine("wrote " + (i + 1).ToString(CultureInfo.InvariantCulture));
            Console.Out.Flush();
        }
    }
    catch (TelemetryException ex)
    {
        // A full disk (or a file size limit): the test checks what the failed append left behind.
        Console.Error.WriteLine("append " + i + " failed: " + ex.Message);
        return 3;
    }
}
return 0;

static int Maintain(string root, DateTimeOffset now)
{
    using var store = new TelemetryStore(new StoreOptions
    {
        Root = root,
        AutoMaintenance = false,
        Clock = () => now,
        Environment = new Dictionary<string, string?>(),
        ConfigFile = Path.Combine(root, "..", "config", "config.json"),
    });
    Console.Out.WriteLine("ready");
    Console.Out.Flush();
    string? line;
    while ((line = Console.In.ReadLine()) is not null)
    {
        var parts = line.Split(' ');
        if (parts.Length != 2 || (parts[0] != "compact" && parts[0] != "archive")) throw new ArgumentException("unknown command: " + line);
        int days = int.Parse(parts[1], CultureInfo.InvariantCulture);
        if (parts[0] == "archive")
        {
            store.Maintenance.Run(new MaintenanceOptions { CompactAfterDays = 3650, RetentionDays = days, MaxSizeMB = 100_000 });
            Console.Out.WriteLine("done archive " + days);
            Console.Out.Flush();
            continue;
        }
        store.Maintenance.Run(new MaintenanceOptions { CompactAfterDays = days, RetentionDays = 3650, MaxSizeMB = 100_000 });
        Console.Out.WriteLine("done " + days);
        Console.Out.Flush();
    }
    return 0;
}

static int Budget(string root, string configFile, double cost)
{
    using var store = new TelemetryStore(new StoreOptions
    {
        Root = root,
        AutoMaintenance = false,
        Environment = new Dictionary<string, string?>(),
        ConfigFile = configFile,
    });
    store.Append(new TelemetryRecordBuilder().Model("claude-sonnet-4-5").Provider("anthropic").Agent("writer").Project("spacewalker")
        .Tokens(input: 100, output: 20).Cost(cost).Build());
    new LlmTelemetry.Budgets.BudgetMonitor(store, TimeZoneInfo.Utc).CheckAlertsAfter(line => Console.Error.WriteLine("warning: " + line));
    return 0;
}
