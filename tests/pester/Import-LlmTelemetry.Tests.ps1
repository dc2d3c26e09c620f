BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:Fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures'
    if (-not (Test-Path $Fixtures)) { throw "fixture folder missing: $Fixtures" }
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Import-LlmTelemetry' {
    BeforeEach {
        # A source store with known records, exported as JSON Lines, and an empty store to import into.
        $script:Source = Use-LlmtTestStore
        Add-LlmtTestData
        $script:File = Join-Path $TestDrive ([guid]::NewGuid().ToString('N') + '.jsonl')
        Export-LlmTelemetry $File -Format Jsonl
        $script:Target = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    }

    It 'imports JSON Lines and writes a flat summary' {
        $result = Import-LlmTelemetry -Source Jsonl -Path $File -StorePath $Target
        $result | Should -BeOfType ([LlmTelemetry.LlmImportResult])
        $result.Source | Should -Be 'jsonl'
        $result.DryRun | Should -BeFalse
        $result.FilesRead | Should -Be 1
        $result.Lines | Should -Be 6
        $result.Added | Should -Be 6
        $result.Malformed | Should -Be 0
        @(Get-LlmTelemetry -Path $Target).Count | Should -Be 6
    }

    It 'adds nothing the second time' {
        Import-LlmTelemetry Jsonl $File -StorePath $Target | Out-Null
        $again = Import-LlmTelemetry Jsonl $File -StorePath $Target -IgnoreCheckpoints
        $again.Added | Should -Be 0
        $again.Duplicates | Should -Be 6
        @(Get-LlmTelemetry -Path $Target).Count | Should -Be 6
    }

    It 'counts what it would add with -WhatIf and writes nothing' {
        $dry = Import-LlmTelemetry Jsonl $File -StorePath $Target -WhatIf
        $dry.DryRun | Should -BeTrue
        $dry.Added | Should -Be 6
        @(Get-LlmTelemetry -Path $Target).Count | Should -Be 0
    }

    It 'counts malformed lines and imports the rest' {
        Add-Content $File 'this is not json'
        $result = Import-LlmTelemetry Jsonl $File -StorePath $Target -WarningAction SilentlyContinue
        $result.Malformed | Should -Be 1
        $result.Added | Should -Be 6
    }

    It 'gives imported records that group and export like any others' {
        Import-LlmTelemetry Jsonl $File -StorePath $Target | Export-Csv (Join-Path $TestDrive 'import-log.csv') -NoTypeInformation
        (Get-LlmTelemetry -Path $Target -EventType llm_call | Group-Object Project).Name | Sort-Object | Should -Be @('alpha', 'beta')
    }

    It 'keeps calls older than the retention in their day''s history, refusing none and warning of nothing' {
        $env:LLM_RETENTION_DAYS = '30'
        $result = Import-LlmTelemetry Jsonl $File -StorePath $Target -WarningVariable warnings
        $result.Added | Should -Be 6
        $result.OlderThanRetention | Should -Be 0
        $warnings | Should -BeNullOrEmpty
        # The 40-day-old call is in the costs, not in the records (those cover the raw days only).
        @(Get-LlmTelemetry -Path $Target -Agent old-agent).Count | Should -Be 0
        (Get-LlmCost -Path $Target -Days 60 -TimeZone UTC -Agent old-agent).Calls | Should -Be 1
        (Import-LlmTelemetry Jsonl $File -StorePath $Target -IgnoreCheckpoints).Added | Should -Be 0
    }

    It 'prices Claude Code calls that carry no cost from the model registry' {
        # A copy written this instant, as a log being written now is: every call is imported at once.
        $log = Join-Path $TestDrive 'spotter-short.jsonl'
        Copy-Item (Join-Path $PSScriptRoot '../../../shared/fixtures/claude-code/spotter-short.jsonl') $log
        Import-LlmTelemetry ClaudeCode $log -StorePath $Target | Out-Null
        $calls = @(Get-LlmTelemetry -Path $Target -EventType llm_call)
        $calls.Count | Should -BeGreaterThan 0
        @($calls | Where-Object { $null -ne $_.CostUsd -and $_.CostUsd -gt 0 }).Count | Should -Be $calls.Count
    }

    It 'reports a missing path with a stable error id' {
        { Import-LlmTelemetry Jsonl (Join-Path $TestDrive 'no-such-file.jsonl') -StorePath $Target } |
            Should -Throw -ErrorId 'ImportLlmTelemetryInvalidPath,LlmTelemetry.Commands.ImportLlmTelemetryCommand'
    }

    It 'rejects an unknown source at binding' {
        { Import-LlmTelemetry -Source Cursor -StorePath $Target } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,LlmTelemetry.Commands.ImportLlmTelemetryCommand'
    }

    It 'imports a Gemini CLI chat to the totals expected of it, thinking counted as output' {
        $name = 'codemie-session-2025-12-01T21-45-5b959dae.json'
        $chat = Join-Path $TestDrive 'session-2025-12-01T21-45-5b959dae.json'
        Copy-Item (Join-Path $Fixtures "gemini/$name") $chat
        $want = (Get-Content (Join-Path $Fixtures 'expected-totals.json') -Raw | ConvertFrom-Json)."gemini/$name".by_model.'gemini-3-pro-image-preview'

        $result = Import-LlmTelemetry -Source GeminiCli -Path $chat -StorePath $Target
        $again = Import-LlmTelemetry GeminiCli $chat -StorePath $Target

        $result.Source | Should -Be 'gemini'
        $result.Added | Should -Be $want.calls
        $result.Malformed | Should -Be 0
        $again.Added | Should -Be 0
        $again.FilesUnchanged | Should -Be 1
        $row = Get-LlmCost -Path $Target -Start 2025-12-01 -End 2025-12-01 -TimeZone UTC -GroupBy Model
        $row.Model | Should -Be 'gemini-3-pro-image-preview'
        $row.Calls | Should -Be $want.calls
        $row.InputTokens | Should -Be $want.input
        $row.OutputTokens | Should -Be $want.output
        $row.ReasoningTokens | Should -Be $want.reasoning
        $row.CacheReadInputTokens | Should -Be $want.cache_read_input
        (Get-LlmTelemetry -Path $Target -Start 2025-12-01 -End 2025-12-01 -TimeZone UTC | Select-Object -First 1).Agent | Should -Be 'gemini-cli'
    }

    Context 'without -Source' {
        BeforeAll {
            $script:ToolVariables = 'HOME', 'CLAUDE_CONFIG_DIR', 'CODEX_HOME', 'GEMINI_DATA_DIR'
            $script:SavedTools = @{}
            foreach ($name in $ToolVariables) { $SavedTools[$name] = [Environment]::GetEnvironmentVariable($name) }
        }

        AfterAll {
            foreach ($entry in $SavedTools.GetEnumerator()) { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
        }

        BeforeEach {
            # Claude Code and Gemini CLI have run on this computer, Codex has not.
            $tools = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $env:HOME = Join-Path $tools 'home'
            $env:CLAUDE_CONFIG_DIR = Join-Path $tools 'claude'
            $env:CODEX_HOME = Join-Path $tools 'codex'
            $env:GEMINI_DATA_DIR = Join-Path $tools 'gemini'
            $projects = New-Item -ItemType Directory (Join-Path $env:CLAUDE_CONFIG_DIR 'projects/p')
            $log = Join-Path $projects 'short.jsonl'
            Copy-Item (Join-Path $Fixtures 'claude-code/spotter-short.jsonl') $log
            # A log written in the last two minutes keeps its last call for the next import: make the copy a finished log.
            (Get-Item $log).LastWriteTimeUtc = [datetime]::UtcNow.AddHours(-1)
            $chats = New-Item -ItemType Directory (Join-Path $env:GEMINI_DATA_DIR 'tmp/fb8e242a/chats')
            Copy-Item (Join-Path $Fixtures 'gemini/codemie-session-2025-12-01T21-45-5b959dae.json') (Join-Path $chats 'session-2025-12-01T21-45-5b959dae.json')
        }

        It 'imports every tool found here, one result each, and says where the others were looked for' {
            $results = @(Import-LlmTelemetry -StorePath $Target -Verbose 4>&1)
            $verbose = @($results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            $imported = @($results | Where-Object { $_ -is [LlmTelemetry.LlmImportResult] })

            $imported.Source | Should -Be @('claude-code', 'gemini')
            $imported.Added | Should -Be @(1, 11)
            ($imported | Measure-Object Malformed -Sum).Sum | Should -Be 0
            @($verbose.Message) -like 'codex: no logs found at *' | Should -Be ("codex: no logs found at " + (Join-Path $env:CODEX_HOME 'sessions'))
            @(Get-LlmTelemetry -Path $Target -Start 2025-12-01 -End 2026-03-01 -TimeZone UTC).Count | Should -Be 12

            $again = @(Import-LlmTelemetry -StorePath $Target)
            $again.Added | Should -Be @(0, 0)
            $again.FilesUnchanged | Should -Be @(1, 1)
        }

        It 'imports the one source -Source names' {
            $only = @(Import-LlmTelemetry -Source GeminiCli -StorePath $Target)
            $only.Source | Should -Be @('gemini')
            $only[0].Added | Should -Be 11
        }

        It 'counts with -WhatIf and writes nothing' {
            $dry = @(Import-LlmTelemetry -StorePath $Target -WhatIf)
            $dry.DryRun | Should -Be @($true, $true)
            ($dry | Measure-Object Added -Sum).Sum | Should -Be 12
            @(Get-LlmTelemetry -Path $Target -Start 2025-12-01 -End 2026-03-01 -TimeZone UTC).Count | Should -Be 0
        }

        It 'refuses a -Path without a -Source with a stable error id' {
            { Import-LlmTelemetry -Path $env:GEMINI_DATA_DIR -StorePath $Target } |
                Should -Throw -ErrorId 'ImportLlmTelemetryInvalidPath,LlmTelemetry.Commands.ImportLlmTelemetryCommand'
        }
    }
}
