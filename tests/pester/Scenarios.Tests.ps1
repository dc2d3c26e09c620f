# The PowerShell scenarios of ../shared/design/SCENARIOS.md, each line run as a user types it. Where a line cannot run
# as written in a test (a browser to open, a real provider to call), the test adds only what keeps it on this machine
# and says so. Scenarios of cmdlets that do not exist yet (Set-LlmBudget, Get-LlmStatus, Get-LlmUsageBlock,
# Send-LlmTelemetry, the year-long rollups) are not here.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    $script:HelpBuilt = Test-Path (Join-Path (Split-Path (Get-LlmtModulePath)) 'en-US/LlmTelemetry.dll-Help.xml')
    # The model scenario pipes `git log` in: it needs git and a clone (a source archive has no history).
    $script:HasGitLog = [bool](Get-Command git -ErrorAction SilentlyContinue) -and [bool](git -C $PSScriptRoot log --oneline -1 2>$null)
    # The scenarios start with Import-Module LlmTelemetry, by name, as a user who installed the module does. A build
    # laid out under another folder name cannot be found by name: it is then imported by path, and that test skipped.
    $script:ByName = (Split-Path (Split-Path (Get-LlmtModulePath)) -Leaf) -eq 'LlmTelemetry'
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    . (Join-Path $PSScriptRoot 'FakeLlmServer.ps1')
    Save-LlmtEnvironment
    $script:SavedModulePath = $env:PSModulePath
    $script:SavedClaudeConfigDir = $env:CLAUDE_CONFIG_DIR
    $script:Fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures'
    $script:ModuleBase = Split-Path (Resolve-Path (Get-LlmtModulePath)).ProviderPath

    # By name: the built module's parent folder goes first on the module path, where an installed module would be.
    $script:ByName = (Split-Path $ModuleBase -Leaf) -eq 'LlmTelemetry'
    if ($ByName) {
        $env:PSModulePath = (Split-Path $ModuleBase) + [IO.Path]::PathSeparator + $env:PSModulePath
        Import-Module LlmTelemetry -Force
    }
    else {
        Import-Module (Get-LlmtModulePath) -Force
    }
    # What a new runspace (a child pipeline that is stopped, or one that shows progress) imports.
    $script:ModuleReference = if ($ByName) { 'LlmTelemetry' } else { Get-LlmtModulePath }


    # Per model, what expected-totals.json says the given fixture files hold (tokens and cost summed over the files).
    function Get-LlmtExpectedTotals([string[]] $Files) {
        $totals = Get-Content (Join-Path $Fixtures 'expected-totals.json') -Raw | ConvertFrom-Json -AsHashtable
        $models = @{}
        $days = [System.Collections.Generic.SortedSet[string]]::new()
        foreach ($file in $Files) {
            foreach ($day in $totals[$file].days) { $null = $days.Add($day) }
            foreach ($entry in $totals[$file].by_model.GetEnumerator()) {
                if (-not $models.ContainsKey($entry.Key)) { $models[$entry.Key] = @{ Input = 0; Output = 0; CacheCreation = 0; CacheRead = 0; CostUsd = 0.0 } }
                $m = $models[$entry.Key]
                $m.Input += $entry.Value.input
                $m.Output += $entry.Value.output
                $m.CacheCreation += $entry.Value.cache_creation_input
                $m.CacheRead += $entry.Value.cache_read_input
                $m.CostUsd += $entry.Value.cost_usd
            }
        }
        [pscustomobject]@{ Models = $models; Days = @($days) }
    }

    # Runs $Command (with $Arguments) in a new runspace that imports the module, waits until the command reports the
    # progress $Started accepts (an event, not a sleep), then stops it as Ctrl+C does and reports what happened.
    function Stop-LlmtWhenStarted([string] $Command, [object[]] $Arguments = @(), [scriptblock] $Started = { $true }) {
        # The module comes with the runspace, not from a first statement: stopping a two-statement batch lets PowerShell
        # queue the second on the thread pool, where it meets the disposed runspace and takes the whole process down.
        $session = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault()
        $session.ImportPSModule([string[]] @($ModuleReference))
        $ps = [powershell]::Create($session)
        $source = 'llmt-progress-' + [guid]::NewGuid().ToString('N')
        $null = Register-ObjectEvent -InputObject $ps.Streams.Progress -EventName DataAdded -SourceIdentifier $source
        $ended = $false
        try {
            $null = $ps.AddScript($Command)
            foreach ($argument in $Arguments) { $null = $ps.AddArgument($argument) }
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $null = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $progress = $null
            do {
                # A hang guard, not a timing: a command that never reports progress fails here instead of hanging.
                $added = Wait-Event -SourceIdentifier $source -Timeout 120
                if (-not $added) { throw "no progress from '$Command' within 120 s (state $($ps.InvocationStateInfo.State))" }
                Remove-Event -EventIdentifier $added.EventIdentifier
                $progress = $ps.Streams.Progress[$added.SourceEventArgs.Index]
            } until ($ps.InvocationStateInfo.State -ne 'Running' -or (& $Started $progress))
            $runningFor = $clock.Elapsed
            $clock.Restart()
            $stop = $ps.BeginStop($null, $null)
            # Also a hang guard: the stop itself is reported, not asserted against a time.
            $ended = $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(10))
            $stoppedIn = $clock.Elapsed
            if ($ended) { $ps.EndStop($stop) }
            [pscustomobject]@{
                Ended      = $ended
                State      = $ps.InvocationStateInfo.State
                Output     = @($output)
                # PowerShell reports the stop of a script it runs as a PipelineStopped error record; anything else is the command's.
                Errors     = @($ps.Streams.Error | Where-Object FullyQualifiedErrorId -ne 'PipelineStopped')
                Progress   = $progress
                RunningFor = $runningFor
                StoppedIn  = $stoppedIn
            }
        }
        finally {
            Unregister-Event -SourceIdentifier $source
            Get-Event | Where-Object SourceIdentifier -eq $source | Remove-Event
            # Disposing a pipeline that did not stop waits for it to stop: the hang the guards above report instead.
            if ($ended -or $ps.InvocationStateInfo.State -ne 'Running') { $ps.Dispose() }
        }
    }
}

AfterAll {
    Restore-LlmtEnvironment
    $env:PSModulePath = $SavedModulePath
    $env:CLAUDE_CONFIG_DIR = $SavedClaudeConfigDir
}

Describe 'A developer with PowerShell' {
    BeforeAll {
        $script:Store = Use-LlmtTestStore
        # The known data set at local times: the scenario's commands take local days and no -TimeZone.
        Add-LlmtTestData -Local
        $script:Today = [DateTime]::Today

        # Months of Claude Code history: the real fixtures, in a projects folder where CLAUDE_CONFIG_DIR points.
        # The Bedrock fixture is left out: its lines have no requestId, so the importer counts each streamed copy
        # of a response (172 calls) where expected-totals.json counts one call per message id (67).
        $script:ClaudeFiles = 'spotter-short.jsonl', 'spotter-subagent-progress.jsonl', 'spotter-sidechain-agent-a881341.jsonl',
            'spotter-ae4a77f8-opus-haiku-progress.jsonl', 'margin-session-basic-v2.1.233.jsonl', 'ccusage-synthetic-costUSD.jsonl'
        $claude = Join-Path $TestDrive 'claude'
        $project = New-Item -ItemType Directory -Path (Join-Path $claude 'projects/-home-dev-src-spacewalker')
        foreach ($name in $ClaudeFiles) { Copy-Item -LiteralPath (Join-Path $Fixtures "claude-code/$name") (Join-Path $project $name) }
        $env:CLAUDE_CONFIG_DIR = $claude
        $script:Expected = Get-LlmtExpectedTotals ($ClaudeFiles | ForEach-Object { "claude-code/$_" })
    }

    AfterAll { $env:CLAUDE_CONFIG_DIR = $SavedClaudeConfigDir }

    It 'Import-Module LlmTelemetry finds the built module by name' -Skip:(-not $ByName) {
        Import-Module LlmTelemetry
        (Get-Module LlmTelemetry).ModuleBase | Should -Be $ModuleBase
        (Get-Command Get-LlmCost).Source | Should -Be 'LlmTelemetry'
    }

    It 'Import-LlmTelemetry -Source ClaudeCode imports the history once, with a progress bar while it runs' {
        # A runspace of its own, because a progress bar is a stream PowerShell does not let a script redirect.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleReference'").AddStatement().AddScript('Import-LlmTelemetry -Source ClaudeCode')
            $result = @($ps.Invoke())
            $ps.Streams.Error | Should -BeNullOrEmpty
            $ps.Streams.Progress.Count | Should -BeGreaterThan 1
            $ps.Streams.Progress[0].Activity | Should -Be 'Import-LlmTelemetry'
            $ps.Streams.Progress[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
        $result.Count | Should -Be 1
        $result[0].FilesRead | Should -Be $ClaudeFiles.Count
        $result[0].Malformed | Should -Be 0
        $result[0].Corrected | Should -Be 0

        # The fixtures' own days, in UTC like expected-totals.json: no call of the known data set is that old.
        $history = @{ Start = $Expected.Days[0]; End = $Expected.Days[-1]; TimeZone = 'UTC' }
        $rows = @(Get-LlmCost @history -GroupBy Model)
        ($rows.Model | Sort-Object) | Should -Be ($Expected.Models.Keys | Sort-Object)
        foreach ($row in $rows) {
            $want = $Expected.Models[$row.Model]
            $row.InputTokens | Should -Be $want.Input -Because $row.Model
            $row.OutputTokens | Should -Be $want.Output -Because $row.Model
            $row.CacheCreationInputTokens | Should -Be $want.CacheCreation -Because $row.Model
            $row.CacheReadInputTokens | Should -Be $want.CacheRead -Because $row.Model
            # The registry's prices against ccusage's: within half a percent, as the core's import tests hold them.
            [math]::Abs($row.CostUsd - $want.CostUsd) | Should -BeLessOrEqual (0.005 * $want.CostUsd) -Because $row.Model
        }
        ($rows | Measure-Object Calls -Sum).Sum | Should -Be $result[0].Added
        (Get-LlmCost @history -GroupBy Day).Day | Should -Be $Expected.Days

        # Once: a second import reads nothing new and adds nothing.
        $again = Import-LlmTelemetry -Source ClaudeCode
        $again.Added | Should -Be 0
        $again.FilesUnchanged | Should -Be $ClaudeFiles.Count
    }

    It 'Get-LlmCost -Days 7 -GroupBy Day is a table of days with calls, tokens and cost, and a total one pipe away' {
        $rows = @(Get-LlmCost -Days 7 -GroupBy Day)
        $rows.Day | Should -Be @($Today.AddDays(-3).ToString('yyyy-MM-dd'), $Today.ToString('yyyy-MM-dd'))
        $rows[0].Calls | Should -Be 1
        $rows[0].UnpricedCalls | Should -Be 1
        $rows[1].Calls | Should -Be 3
        $rows[1].FailedCalls | Should -Be 1
        $rows[1].InputTokens | Should -Be 1800
        $rows[1].TotalTokens | Should -Be 2150
        [math]::Round($rows[1].CostUsd, 6) | Should -Be 0.31

        $table = Get-LlmCost -Days 7 -GroupBy Day | Out-String -Width 120
        $table | Should -Match '\bCalls\b'
        $table | Should -Match '\bCostUsd\b'
        $table | Should -Match ('(?m)^' + $Today.ToString('yyyy-MM-dd') + '\s+3\b')

        [math]::Round((Get-LlmCost -Days 7 -GroupBy Day | Measure-Object CostUsd -Sum).Sum, 6) | Should -Be 0.31
        [math]::Round((Get-LlmCost -Days 7).CostUsd, 6) | Should -Be 0.31
    }

    It 'Get-LlmCost -Days 30 -GroupBy Project, Model | Sort-Object CostUsd -Descending | Select-Object -First 5 lists the costliest' {
        $top = @(Get-LlmCost -Days 30 -GroupBy Project, Model | Sort-Object CostUsd -Descending | Select-Object -First 5)
        $top.Count | Should -Be 4
        ($top | ForEach-Object { "$($_.Project) $($_.Model)" }) |
            Should -Be @('alpha claude-sonnet-4-5', 'alpha claude-haiku-4-5', 'beta gpt-4o-mini', 'beta unpriced-model')
        $top.CostUsd | Should -Be @(0.25, 0.05, 0.01, 0)
        $top[-1].UnpricedCalls | Should -Be 1
    }

    It 'Get-LlmTelemetry -Days 1 -Failed | Format-List shows what broke today, with the error text' {
        $failed = @(Get-LlmTelemetry -Days 1 -Failed)
        $failed.Count | Should -Be 1
        $failed[0].Error | Should -Be 'rate limited'
        $list = Get-LlmTelemetry -Days 1 -Failed | Format-List | Out-String
        $list | Should -Match '(?m)^Error\s+: rate limited\s*$'
        $list | Should -Match '(?m)^Model\s+: gpt-4o-mini\s*$'
        $list | Should -Match '(?m)^Success\s+: False\s*$'
    }

    It 'Get-LlmTelemetry -Days 7 | Measure-LlmCost gives one object with the week''s totals' {
        $week = @(Get-LlmTelemetry -Days 7 | Measure-LlmCost)
        $week.Count | Should -Be 1
        $week[0].Calls | Should -Be 4
        $week[0].FailedCalls | Should -Be 1
        $week[0].UnpricedCalls | Should -Be 1
        $week[0].InputTokens | Should -Be 1900
        $week[0].OutputTokens | Should -Be 360
        $week[0].TotalTokens | Should -Be 2260
        [math]::Round($week[0].CostUsd, 6) | Should -Be 0.31
    }

    It 'Get-LlmTelemetry -Days 30 -Model claude* | Group-Object Agent | Sort-Object Count -Descending counts calls per agent' {
        $groups = @(Get-LlmTelemetry -Days 30 -Model claude* | Group-Object Agent | Sort-Object Count -Descending)
        $groups.Count | Should -Be 1
        $groups[0].Name | Should -Be 'doc-finder'
        $groups[0].Count | Should -Be 2
        ($groups[0].Group.Model | Sort-Object) | Should -Be @('claude-haiku-4-5', 'claude-sonnet-4-5')
    }

    It 'Get-LlmUsageStats -Days 7 gives p50/p95 latency, the slowest operations and the peak hours' {
        $stats = Get-LlmUsageStats -Days 7
        $stats.Calls | Should -Be 4
        $stats.SuccessRate | Should -Be 0.75
        $stats.P50DurationMs | Should -Be 800
        $stats.P95DurationMs | Should -Be 2000
        $stats.SlowestOperations | Should -Match '^search \(p95 2000 ms\); summarize \(p95 800 ms\)$'
        # Four calls at 01:00, 02:00, 03:00 and 10:00 local time, one each.
        foreach ($hour in '01:00', '02:00', '03:00', '10:00') { $stats.PeakHours | Should -Match ([regex]::Escape("$hour (1 calls)")) }
    }

    It 'tab completes <Parameter> of <Command> from what is in the store' -ForEach @(
        @{ Command = 'Get-LlmTelemetry'; Parameter = 'Model'; Word = 'cl'; Key = 'Model' }
        @{ Command = 'Get-LlmTelemetry'; Parameter = 'Agent'; Word = 'd'; Key = 'Agent' }
        @{ Command = 'Get-LlmTelemetry'; Parameter = 'Project'; Word = 'b'; Key = 'Project' }
        @{ Command = 'Get-LlmCost'; Parameter = 'Model'; Word = 'claude-h'; Key = 'Model' }
        @{ Command = 'Get-LlmCost'; Parameter = 'Agent'; Word = 'r'; Key = 'Agent' }
        @{ Command = 'Get-LlmCost'; Parameter = 'Project'; Word = 'a'; Key = 'Project' }
    ) {
        # Completion reads the summaries of the last 90 days (fast on a large store), so the months-old imported
        # history is not offered; the known data set is.
        $inStore = @((Get-LlmCost -Days 90 -GroupBy $Key).$Key | Where-Object { $_ -like "$Word*" } | Sort-Object)
        $inStore.Count | Should -BeGreaterThan 0
        $line = "$Command -$Parameter $Word"
        $completions = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
        foreach ($name in $inStore) { $completions | Should -Contain $name }
        # -Model offers the registry's model ids too; the other names come from the store alone.
        if ($Parameter -ne 'Model') { ($completions | Sort-Object) | Should -Be $inStore }
    }

    It 'takes days in local time, and -TimeZone changes that' {
        $call = Get-LlmTelemetry -Days 7 -Model unpriced-model
        $call.Day | Should -Be $Today.AddDays(-3).ToString('yyyy-MM-dd')
        $tokyo = [TimeZoneInfo]::FindSystemTimeZoneById((Get-LlmtTokyoZone))
        $inTokyo = Get-LlmTelemetry -Days 7 -Model unpriced-model -TimeZone (Get-LlmtTokyoZone)
        $inTokyo.Day | Should -Be ([TimeZoneInfo]::ConvertTime([DateTimeOffset]($Today.AddDays(-3).AddHours(10)), $tokyo).ToString('yyyy-MM-dd'))
    }

    It 'Get-Help Get-LlmCost -Examples shows real examples' -Skip:(-not $HelpBuilt) {
        $examples = @((Get-Help Get-LlmCost -Examples).examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) { $example.code | Should -Match 'Get-LlmCost' }
    }
}

Describe 'Finance asks for last month' {
    BeforeAll {
        $script:Store = Use-LlmtTestStore
        # October 2026 in local time, its first and last half hour included, and a call on each side of it.
        $calls = @(
            @{ At = '2026-10-01 00:30'; Project = 'spacewalker'; User = 'ann'; Model = 'claude-sonnet-4-5'; CostUsd = 1.25; InputTokens = 1000; OutputTokens = 100 }
            @{ At = '2026-10-15 12:00'; Project = 'spacewalker'; User = 'ann'; Model = 'claude-haiku-4-5'; CostUsd = 0.25; InputTokens = 500; OutputTokens = 50 }
            @{ At = '2026-10-20 09:00'; Project = 'spacewalker'; User = 'bob'; Model = 'gpt-4o-mini'; CostUsd = 0.5; InputTokens = 300; OutputTokens = 30 }
            @{ At = '2026-10-31 12:00'; Project = 'billing'; User = 'bob'; Model = 'gpt-4o-mini'; CostUsd = 0.75; InputTokens = 200; OutputTokens = 20 }
            @{ At = '2026-10-31 23:30'; Project = 'billing'; User = 'bob'; Model = 'in-house-model'; InputTokens = 100; OutputTokens = 10 }
            @{ At = '2026-09-30 23:30'; Project = 'billing'; User = 'bob'; Model = 'gpt-4o-mini'; CostUsd = 9; InputTokens = 1; OutputTokens = 1 }
            @{ At = '2026-11-01 00:30'; Project = 'billing'; User = 'bob'; Model = 'gpt-4o-mini'; CostUsd = 9; InputTokens = 1; OutputTokens = 1 }
        )
        foreach ($call in $calls) {
            # AssumeLocal: a DateTime without a zone would be UTC; these are local times.
            $at = [DateTime]::ParseExact($call.At, 'yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture, [Globalization.DateTimeStyles]::AssumeLocal)
            $null = $call.Remove('At')
            Write-LlmTelemetry @call -Timestamp $at -Session "$($call.Project)-$($call.User)" -DurationMs 500
        }
    }

    It 'exports the month by project and user to a CSV with one column per number and unpriced calls as a column' {
        Push-Location $TestDrive
        try {
            Get-LlmTelemetry -Start 2026-10-01 -End 2026-10-31 |
                Measure-LlmCost -GroupBy Project, User | Export-Csv october.csv -NoTypeInformation
            $file = Join-Path $TestDrive 'october.csv'
        }
        finally { Pop-Location }

        $text = Get-Content $file -Raw
        $text | Should -Not -Match 'System\.'
        $rows = @(Import-Csv $file)
        $rows.Count | Should -Be 3
        $columns = $rows[0].PSObject.Properties.Name
        $columns[0..1] | Should -Be @('Project', 'User')
        $numbers = 'Calls', 'FailedCalls', 'Sessions', 'InputTokens', 'OutputTokens', 'CacheCreationInputTokens', 'CacheReadInputTokens',
            'ReasoningTokens', 'TotalTokens', 'CostUsd', 'AvgCostPerSession', 'UnpricedCalls', 'AvgDurationMs'
        foreach ($row in $rows) {
            foreach ($name in $numbers) {
                $columns | Should -Contain $name
                $value = 0.0
                [double]::TryParse($row.$name, [Globalization.NumberStyles]::Float, [cultureinfo]::CurrentCulture, [ref] $value) |
                    Should -BeTrue -Because "$name of $($row.Project)/$($row.User) is '$($row.$name)'"
            }
        }

        $ann = $rows | Where-Object { $_.Project -eq 'spacewalker' -and $_.User -eq 'ann' }
        $ann.Calls | Should -Be '2'
        [double]::Parse($ann.CostUsd, [cultureinfo]::CurrentCulture) | Should -Be 1.5
        $ann.TotalTokens | Should -Be '1650'
        $billing = $rows | Where-Object { $_.Project -eq 'billing' -and $_.User -eq 'bob' }
        $billing.Calls | Should -Be '2'
        $billing.UnpricedCalls | Should -Be '1'
        [double]::Parse($billing.CostUsd, [cultureinfo]::CurrentCulture) | Should -Be 0.75
        ($rows | Where-Object { $_.Project -eq 'spacewalker' -and $_.User -eq 'bob' }).Calls | Should -Be '1'
    }
}

Describe 'A script that calls a model' {
    BeforeAll {
        $script:Reply = Get-Content (Join-Path $Fixtures 'api/anthropic-messages.json') -Raw
        $script:ReplyText = (ConvertFrom-Json $Reply).content[0].text
    }

    BeforeEach {
        $script:Store = Use-LlmtTestStore
        $script:Server = $null
    }

    AfterEach { Stop-LlmtFakeServer $Server }

    # The scenario's lines, plus -Provider and -BaseUri: the fake Anthropic API on 127.0.0.1 instead of the real one.
    It 'answers, and the call is already recorded with its cost' -Skip:(-not $HasGitLog) {
        $env:ANTHROPIC_API_KEY = 'sk-ant-scenario-test'
        $script:Server = Start-LlmtFakeServer @(@{ Body = $Reply })
        $anthropic = [uri]$Server.Uri.GetLeftPart([UriPartial]::Authority)
        Push-Location $PSScriptRoot
        try {
            $log = git log --oneline -20 | Out-String
            $notes = git log --oneline -20 | Out-String |
                Invoke-LlmChat -Model haiku -System 'Write release notes.' -Agent release-notes -Operation summarize -Provider Anthropic -BaseUri $anthropic
        }
        finally { Pop-Location }

        $notes.Content | Should -Be $ReplyText
        $notes.InputTokens | Should -Be 406
        $notes.OutputTokens | Should -Be 50
        $notes.CostUsd | Should -BeGreaterThan 0

        $request = @($Server.Requests.ToArray())
        $request.Count | Should -Be 1
        $request[0].Path | Should -Be '/v1/messages'
        $body = $request[0].Body | ConvertFrom-Json
        # Anthropic takes the system prompt and a message's content as a string or as text blocks.
        $text = { param($content) if ($content -is [string]) { $content } else { ($content | ForEach-Object text) -join '' } }
        (& $text $body.system) | Should -Be 'Write release notes.'
        (& $text $body.messages[-1].content).Trim() | Should -Be $log.Trim()

        $record = Get-LlmTelemetry -Agent release-notes
        $record.Id | Should -Be $notes.Id
        $record.Operation | Should -Be 'summarize'
        $record.Success | Should -BeTrue
        $record.CostUsd | Should -Be $notes.CostUsd
    }

    It 'says which environment variable to set when the key is missing, and records the failed call' {
        $env:ANTHROPIC_API_KEY = $null
        $err = { 'a1b2c3d Fix the parser' | Invoke-LlmChat -Model haiku -System 'Write release notes.' -Agent release-notes -Operation summarize } |
            Should -Throw -ErrorId 'InvokeLlmChatMissingApiKey,LlmTelemetry.Commands.InvokeLlmChatCommand' -PassThru
        $err.Exception.Message | Should -Match 'ANTHROPIC_API_KEY'
        $record = Get-LlmTelemetry -Agent release-notes
        $record.Success | Should -BeFalse
        $record.Error | Should -Match 'ANTHROPIC_API_KEY'
    }

    It 'waits and retries after a 429, and records the call once' {
        $env:ANTHROPIC_API_KEY = 'sk-ant-scenario-test'
        $script:Server = Start-LlmtFakeServer @(
            @{ Status = 429; Body = '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}'; Headers = @{ 'retry-after' = '0' } }
            @{ Body = $Reply }
        )
        $anthropic = [uri]$Server.Uri.GetLeftPart([UriPartial]::Authority)
        $notes = 'a1b2c3d Fix the parser' |
            Invoke-LlmChat -Model haiku -System 'Write release notes.' -Agent release-notes -Operation summarize -Provider Anthropic -BaseUri $anthropic
        $notes.Content | Should -Be $ReplyText
        @($Server.Requests.ToArray()).Count | Should -Be 2
        $calls = @(Get-LlmTelemetry -Agent release-notes)
        $calls.Count | Should -Be 1
        $calls[0].Success | Should -BeTrue
    }
}

Describe 'A script that calls a model some other way' {
    BeforeAll { $script:Store = Use-LlmtTestStore }

    It 'Write-LlmTelemetry records the call as written, priced from the registry' {
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 812 -OutputTokens 95 -DurationMs 1430 -Agent doc-finder -Operation search
        $record = Get-LlmTelemetry
        $record.Model | Should -Be 'gpt-4o-mini'
        $record.Provider | Should -Be 'openai'
        $record.InputTokens | Should -Be 812
        $record.OutputTokens | Should -Be 95
        $record.TotalTokens | Should -Be 907
        $record.DurationMs | Should -Be 1430
        $record.Agent | Should -Be 'doc-finder'
        $record.Operation | Should -Be 'search'
        $record.Success | Should -BeTrue
        # gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
        [math]::Round($record.CostUsd, 10) | Should -Be 0.0001788
    }
}

Describe 'Housekeeping' {
    BeforeAll {
        $script:Store = Use-LlmtTestStore
        Add-LlmtTestData -Local
        $script:Old = [DateTime]::Today.AddDays(-120).AddHours(12)
        Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 10 -OutputTokens 1 -CostUsd 0.01 -Agent archive -Timestamp $Old
        $script:Count = @(Get-LlmTelemetry).Count
    }

    It 'Remove-LlmTelemetry -OlderThan 90 -WhatIf removes nothing, and -PassThru says what would go' {
        Remove-LlmTelemetry -OlderThan 90 -WhatIf
        @(Get-LlmTelemetry).Count | Should -Be $Count
        $plan = @(Remove-LlmTelemetry -OlderThan 90 -WhatIf -PassThru)
        $plan.Count | Should -Be 1
        $plan[0].WhatIf | Should -BeTrue
        $plan[0].Action | Should -Be 'Archive'
        $plan[0].History | Should -Be 'Kept'
        $plan[0].Day | Should -Be $Old.ToUniversalTime().ToString('yyyy-MM-dd')
        $plan[0].Records | Should -Be 1
        @(Get-LlmTelemetry).Count | Should -Be $Count
        (Get-LlmTelemetry -Agent archive).Timestamp | Should -Not -BeNullOrEmpty
    }

    It 'Set-LlmTelemetryConfig -RetentionDays 180 -StorePrompts:$false, then Get-LlmTelemetryConfig shows every setting and where it came from' {
        # Use-LlmtTestStore sets LLM_RETENTION_DAYS, which would win over the file: a user without it set.
        $env:LLM_RETENTION_DAYS = $null
        Set-LlmTelemetryConfig -RetentionDays 180 -StorePrompts:$false
        $settings = @(Get-LlmTelemetryConfig)
        $settings.Name | Should -Be @('StorageEnabled', 'Directory', 'RetentionDays', 'MaxSizeMB', 'HistoryDays', 'HistoryMaxSizeMB', 'StorePrompts', 'StoreResponses', 'PushgatewayUrl', 'PushgatewayJob', 'PushgatewayTimeoutMs')
        $configFile = Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'config.json'
        $setting = @{}
        foreach ($s in $settings) { $setting[$s.Name] = $s }
        $setting.RetentionDays.Value | Should -Be 180
        $setting.RetentionDays.Source | Should -Be 'ConfigFile'
        $setting.RetentionDays.Origin | Should -Be $configFile
        $setting.StorePrompts.Value | Should -BeFalse
        $setting.StorePrompts.Source | Should -Be 'ConfigFile'
        $setting.Directory.Source | Should -Be 'Environment'
        $setting.Directory.Origin | Should -Be 'LLM_TELEMETRY_DIR'
        $setting.MaxSizeMB.Source | Should -Be 'Default'
        $setting.StoreResponses.Source | Should -Be 'Default'
        $table = Get-LlmTelemetryConfig | Out-String -Width 200
        $table | Should -Match '(?m)^RetentionDays\s+180\s+ConfigFile\b'
    }
}

Describe 'A manager wants to look, not read' {
    BeforeAll {
        $script:Store = Use-LlmtTestStore
        Add-LlmtTestData -Local
    }

    # -NoOpen and -Path: the test reads the page instead of opening a browser.
    It 'Show-LlmTelemetry -Days 30 writes one self-contained page: cards, cost trend, who and what spends, when, every call' {
        $page = Show-LlmTelemetry -Days 30 -NoOpen -Path (Join-Path $TestDrive 'team.html')
        $page | Should -BeOfType ([IO.FileInfo])
        $html = Get-Content $page.FullName -Raw

        $open = '<script type="application/json" id="llmt-report">'
        $start = $html.IndexOf($open) + $open.Length
        $report = $html.Substring($start, $html.IndexOf('</script', $start) - $start) | ConvertFrom-Json
        $cost = Get-LlmCost -Days 30
        $report.current.calls | Should -Be 4
        $report.current.calls | Should -Be $cost.Calls
        [math]::Round($report.current.cost_usd, 6) | Should -Be 0.31
        $report.current.failed_calls | Should -Be 1
        $report.daily.days.Count | Should -Be 30
        $report.daily.days[-1] | Should -Be ([DateTime]::Today.ToString('yyyy-MM-dd'))
        ($report.by_agent | Sort-Object cost_usd -Descending)[0].name | Should -Be 'doc-finder'
        ($report.by_model | Sort-Object cost_usd -Descending)[0].name | Should -Be 'claude-sonnet-4-5'
        ($report.heatmap.calls | ForEach-Object { $_ } | Measure-Object -Sum).Sum | Should -Be 4
        $report.events.embedded | Should -Be 5
        $report.events.capped | Should -BeFalse

        # No server, no network: nothing to fetch, and a policy that would block any fetch.
        $html | Should -Match "default-src 'none'"
        $html | Should -Not -Match '<link\b'
        $html | Should -Not -Match '(src|href)\s*=\s*"(https?:)?//'
        $urls = @([regex]::Matches($html, 'https?://[^\s"''<>)]+').Value | Sort-Object -Unique)
        # The SVG namespace name is an identifier the browser never requests.
        $urls | Where-Object { $_ -ne 'http://www.w3.org/2000/svg' } | Should -BeNullOrEmpty
    }
}

Describe 'Ctrl+C stops a long command at once' {
    BeforeAll {
        $script:Store = Use-LlmtTestStore
        $generation = [Diagnostics.Stopwatch]::StartNew()

        # A large store, written straight in the store's format: one day of realistic calls, serialised as the store
        # writes them, copied to each of the last 120 days with the day's date in its timestamps, ids and sessions.
        # Writing every record through the store would take minutes; the copies read like any other days.
        $script:BigStore = Join-Path $TestDrive 'big-store'
        $script:BigDays = 120
        $perDay = 16000
        $sample = [DateTime]::new(2000, 1, 3)
        $generator = [LlmTelemetry.Demo.DemoDataGenerator]::new(1, $null)
        $records = [Linq.Enumerable]::Take($generator.Generate(1, 2 * $perDay, [DateTimeOffset]::new($sample.AddHours(23.99), [TimeSpan]::Zero)), $perDay)
        $buffer = [IO.MemoryStream]::new()
        foreach ($record in $records) {
            $line = [LlmTelemetry.Records.RecordSerializer]::ToLine($record)
            $buffer.Write($line, 0, $line.Length)
        }
        # The sample day's date, once in each id and session too, so that one replace per day moves all three.
        $day = [Text.Encoding]::UTF8.GetString($buffer.ToArray()).Replace('"id":"', '"id":"2000-01-03-').Replace('"session_id":"sess-20000103-', '"session_id":"sess-2000-01-03-')
        for ($d = 1; $d -le $BigDays; $d++) {
            $name = [DateTime]::UtcNow.Date.AddDays(-$d).ToString('yyyy-MM-dd')
            $folder = [IO.Directory]::CreateDirectory((Join-Path $BigStore $name)).FullName
            [IO.File]::WriteAllText((Join-Path $folder 'telemetry.jsonl'), $day.Replace('2000-01-03', $name))
        }
        $script:BigRecords = $BigDays * $perDay
        $storeSeconds = $generation.Elapsed.TotalSeconds

        # A large Claude Code tree: the core tests' generator (realistic lines, subagents, resumed sessions), and each
        # of its logs three more times under other projects, which the import must read and deduplicate too.
        $generation.Restart()
        if (-not ('LlmTelemetry.Tests.Importers.ClaudeCodeTreeGenerator' -as [type])) {
            $source = Get-Content (Join-Path $PSScriptRoot '../LlmTelemetry.Core.Tests/Importers/ClaudeCodeTreeGenerator.cs') -Raw
            # Internal in the test assembly; PowerShell sees public types only. Nullable annotations need the context a csproj sets.
            Add-Type -TypeDefinition ("#nullable enable`n" + $source.Replace('internal sealed', 'public sealed')) -Language CSharp
        }
        $script:ClaudeTree = Join-Path $TestDrive 'claude-tree'
        $treeGenerator = [LlmTelemetry.Tests.Importers.ClaudeCodeTreeGenerator]::new(42, 1)
        $treeGenerator.Generate($ClaudeTree, 20, 10, 40)
        $script:TreeCalls = $treeGenerator.Calls
        $projects = Join-Path $ClaudeTree 'projects'
        $finished = [DateTime]::UtcNow.AddHours(-1)
        foreach ($file in [IO.Directory]::GetFiles($projects, '*.jsonl', [IO.SearchOption]::AllDirectories)) {
            [IO.File]::SetLastWriteTimeUtc($file, $finished)
            foreach ($copy in 1..3) {
                $to = Join-Path $projects ("-copy$copy" + $file.Substring($projects.Length))
                $null = [IO.Directory]::CreateDirectory((Split-Path $to))
                [IO.File]::Copy($file, $to)
                [IO.File]::SetLastWriteTimeUtc($to, $finished)
            }
        }
        $treeMb = ([IO.Directory]::GetFiles($projects, '*.jsonl', [IO.SearchOption]::AllDirectories) | ForEach-Object { [IO.FileInfo]::new($_).Length } | Measure-Object -Sum).Sum / 1MB
        Write-Host ("Ctrl+C data: {0:N0} records over {1} days in {2:N1} s; a Claude Code tree of {3:N0} MB ({4:N0} distinct calls) in {5:N1} s" -f
            $BigRecords, $BigDays, $storeSeconds, $treeMb, $TreeCalls, $generation.Elapsed.TotalSeconds)
    }

    It 'a stopped Import-LlmTelemetry ends without importing everything' {
        $target = Join-Path $TestDrive 'import-target'
        # Started: a progress record that shows bytes read, so the workers are inside the logs.
        $run = Stop-LlmtWhenStarted 'param($Tree, $Target) Import-LlmTelemetry -Source ClaudeCode -Path $Tree -StorePath $Target' @($ClaudeTree, $target) { param($p) $p.PercentComplete -gt 0 }
        Write-Host ("Ctrl+C: Import-LlmTelemetry stopped in {0:N0} ms, {1:N1} s after it started ({2})" -f $run.StoppedIn.TotalMilliseconds, $run.RunningFor.TotalSeconds, $run.Progress.StatusDescription)
        $run.Ended | Should -BeTrue -Because 'Stop() must return (hang guard)'
        $run.State | Should -Be 'Stopped'
        $run.Output | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty -Because 'nothing but the stop itself may be reported'
        (Get-LlmCost -Path $target).Calls | Should -BeLessThan $TreeCalls
    }

    It 'a stopped Get-LlmCost ends mid-scan and writes no rows' {
        $run = Stop-LlmtWhenStarted 'param($Store) Get-LlmCost -Days 120 -GroupBy Project, Model -Path $Store' @($BigStore)
        Write-Host ("Ctrl+C: Get-LlmCost stopped in {0:N0} ms, {1:N1} s after it started ({2})" -f $run.StoppedIn.TotalMilliseconds, $run.RunningFor.TotalSeconds, $run.Progress.StatusDescription)
        $run.Ended | Should -BeTrue -Because 'Stop() must return (hang guard)'
        $run.State | Should -Be 'Stopped'
        $run.Output | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty -Because 'nothing but the stop itself may be reported'
        $run.Progress.Activity | Should -Be 'Get-LlmCost'
        $run.Progress.PercentComplete | Should -BeLessThan 100
    }

    It 'a stopped Show-LlmTelemetry ends without writing the page' {
        $page = Join-Path $TestDrive 'stopped.html'
        $run = Stop-LlmtWhenStarted 'param($Store, $Page) Show-LlmTelemetry -Days 30 -NoOpen -StorePath $Store -Path $Page' @($BigStore, $page)
        Write-Host ("Ctrl+C: Show-LlmTelemetry stopped in {0:N0} ms, {1:N1} s after it started ({2})" -f $run.StoppedIn.TotalMilliseconds, $run.RunningFor.TotalSeconds, $run.Progress.StatusDescription)
        $run.Ended | Should -BeTrue -Because 'Stop() must return (hang guard)'
        $run.State | Should -Be 'Stopped'
        $run.Output | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty -Because 'nothing but the stop itself may be reported'
        $run.Progress.PercentComplete | Should -BeLessThan 100
        $page | Should -Not -Exist
        "$page.partial" | Should -Not -Exist
    }
}
