BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:Store = Use-LlmtTestStore
    Add-LlmtTestData
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Get-LlmTelemetry' {
    It 'returns every stored event oldest first as flat LlmRecord objects' {
        $all = @(Get-LlmTelemetry)
        $all.Count | Should -Be 6
        $all[0] | Should -BeOfType ([LlmTelemetry.LlmRecord])
        $all[0].Agent | Should -Be 'old-agent'
        ($all.Timestamp | Sort-Object) | Should -Be $all.Timestamp
    }

    It 'filters by model with wildcards, case-insensitively' {
        $claude = @(Get-LlmTelemetry -Model 'CLAUDE*')
        $claude.Count | Should -Be 3
        $claude.Model | Sort-Object -Unique | Should -Be @('claude-haiku-4-5', 'claude-sonnet-4-5')
    }

    It 'filters by several values of one field as "any of them"' {
        @(Get-LlmTelemetry -Agent release-notes, old-agent).Count | Should -Be 2
    }

    It 'limits to the last days in the given time zone' {
        @(Get-LlmTelemetry -Days 7 -TimeZone UTC -EventType llm_call).Count | Should -Be 4
        @(Get-LlmTelemetry -Days 1 -TimeZone UTC -EventType llm_call).Count | Should -Be 3
    }

    It 'finds failed calls with their error text' {
        $failed = @(Get-LlmTelemetry -Failed)
        $failed.Count | Should -Be 1
        $failed[0].Error | Should -Be 'rate limited'
        $failed[0].Success | Should -BeFalse
    }

    It 'accepts PascalCase event types and keeps the payload as JSON text' {
        $start = Get-LlmTelemetry -EventType SessionStart
        $start.EventType | Should -Be 'session_start'
        ($start.Payload | ConvertFrom-Json).cwd | Should -Be '/work'
    }

    It 'returns the newest records first with -Newest and stops after -First' {
        $latest = @(Get-LlmTelemetry -Newest -First 2)
        $latest.Count | Should -Be 2
        $latest[0].Model | Should -Be 'gpt-4o-mini'
    }

    It 'shows an unpriced call with no cost rather than 0' {
        (Get-LlmTelemetry -Model unpriced-model).CostUsd | Should -BeNullOrEmpty
    }

    It 'counts a late-evening UTC call on the next local day in Tokyo' {
        $record = Get-LlmTelemetry -Model claude-sonnet-4-5 -Agent old-agent -TimeZone (Get-LlmtTokyoZone)
        $utc = [DateTime]::UtcNow.Date.AddDays(-40).AddHours(10)
        $record.Day | Should -Be $utc.AddHours(9).ToString('yyyy-MM-dd')
        $record.Hour | Should -Be 19
        $late = Write-LlmTelemetry -Model m -CostUsd 0 -Timestamp ([DateTime]::UtcNow.Date.AddDays(-20).AddHours(23).AddMinutes(30)) -PassThru
        (Get-LlmTelemetry -Search $late.Id -TimeZone UTC).Day | Should -Be ([DateTime]::UtcNow.Date.AddDays(-20).ToString('yyyy-MM-dd'))
        (Get-LlmTelemetry -Search $late.Id -TimeZone (Get-LlmtTokyoZone)).Day | Should -Be ([DateTime]::UtcNow.Date.AddDays(-19).ToString('yyyy-MM-dd'))
        Remove-LlmTelemetry -Id $late.Id -Confirm:$false
    }

    It 'groups with Group-Object by agent' {
        $top = Get-LlmTelemetry -EventType llm_call | Group-Object Agent | Sort-Object Count -Descending | Select-Object -First 1
        $top.Name | Should -Be 'doc-finder'
        $top.Count | Should -Be 3
    }

    It 'round-trips through Export-Csv and Import-Csv with one column per property' {
        $file = Join-Path $TestDrive 'calls.csv'
        Get-LlmTelemetry -EventType llm_call | Export-Csv $file -NoTypeInformation
        $rows = @(Import-Csv $file)
        $rows.Count | Should -Be 5
        $columns = $rows[0].PSObject.Properties.Name
        foreach ($c in 'Id', 'Timestamp', 'Day', 'Hour', 'Model', 'Agent', 'InputTokens', 'OutputTokens', 'TotalTokens', 'CostUsd', 'Success', 'Error', 'Project', 'Payload') {
            $columns | Should -Contain $c
        }
        (Get-Content $file -Raw) | Should -Not -Match 'System\.Object\[\]'
        $sonnet = $rows | Where-Object { $_.Model -eq 'claude-sonnet-4-5' -and $_.Agent -eq 'doc-finder' }
        $sonnet.InputTokens | Should -Be '1000'
        $sonnet.TotalTokens | Should -Be '1200'
        ($rows | Where-Object Model -eq 'unpriced-model').CostUsd | Should -Be ''
    }

    It 'completes -Model from the models in the store' {
        $line = "Get-LlmTelemetry -Path '$Store' -Model clau"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'claude-sonnet-4-5'
        $completions | Should -Contain 'claude-haiku-4-5'
        $completions | Should -Not -Contain 'gpt-4o-mini'
    }

    It 'reads another store with -Path' {
        $empty = Join-Path $TestDrive 'empty-store'
        @(Get-LlmTelemetry -Path $empty).Count | Should -Be 0
    }

    It 'rejects an unknown time zone with a stable error id' {
        { Get-LlmTelemetry -TimeZone 'Mars/Olympus_Mons' } |
            Should -Throw -ErrorId 'GetLlmTelemetryInvalidTimeZone,LlmTelemetry.Commands.GetLlmTelemetryCommand'
    }

    It 'rejects -Days together with -Start' {
        { Get-LlmTelemetry -Days 7 -Start 2026-01-01 } |
            Should -Throw -ErrorId 'GetLlmTelemetryInvalidDays,LlmTelemetry.Commands.GetLlmTelemetryCommand'
    }

    It 'rejects an end date before the start date' {
        { Get-LlmTelemetry -Start 2026-02-01 -End 2026-01-01 } |
            Should -Throw -ErrorId 'GetLlmTelemetryInvalidStart,LlmTelemetry.Commands.GetLlmTelemetryCommand'
    }
}
