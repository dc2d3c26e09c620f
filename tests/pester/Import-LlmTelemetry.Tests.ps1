BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
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
        { Import-LlmTelemetry -Source Gemini -StorePath $Target } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,LlmTelemetry.Commands.ImportLlmTelemetryCommand'
    }
}
