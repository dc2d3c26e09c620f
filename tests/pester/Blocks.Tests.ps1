BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Get-LlmUsageBlock' {
    BeforeEach {
        $script:Store = Use-LlmtTestStore
        # Three calls on 2026-03-10 (UTC): 09:20 and 13:50 share the block 09:00-14:00; 14:30 is more than five hours
        # after its start, so it opens the block 14:00-19:00. A silence of a day, then 2026-03-11 10:05 opens 10:00-15:00.
        $at = { param($t) [DateTimeOffset]::Parse($t, [cultureinfo]::InvariantCulture).UtcDateTime }
        Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 100 -OutputTokens 10 -CostUsd 0.10 -Timestamp (& $at '2026-03-10T09:20:00Z') | Out-Null
        Write-LlmTelemetry -Model claude-opus-4-6 -InputTokens 200 -OutputTokens 20 -CostUsd 0.20 -Timestamp (& $at '2026-03-10T13:50:00Z') | Out-Null
        Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 300 -OutputTokens 30 -CostUsd 0.30 -Timestamp (& $at '2026-03-10T14:30:00Z') | Out-Null
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 400 -OutputTokens 40 -CostUsd 0.40 -Timestamp (& $at '2026-03-11T10:05:00Z') | Out-Null
    }

    It 'cuts ccusage''s 5-hour blocks, oldest first, with their calls, tokens, cost and models' {
        $blocks = @(Get-LlmUsageBlock)
        $blocks.Count | Should -Be 3
        $blocks[0] | Should -BeOfType ([LlmTelemetry.LlmUsageBlock])
        $blocks.StartUtc | ForEach-Object { $_.ToString('yyyy-MM-ddTHH:mm') } | Should -Be @('2026-03-10T09:00', '2026-03-10T14:00', '2026-03-11T10:00')
        $blocks[0].EndUtc.ToString('yyyy-MM-ddTHH:mm') | Should -Be '2026-03-10T14:00'
        $blocks.Calls | Should -Be @(2, 1, 1)
        $blocks[0].TotalTokens | Should -Be 330
        [math]::Round($blocks[0].CostUsd, 9) | Should -Be 0.3
        $blocks[0].Models | Should -Be 'claude-sonnet-4-5, claude-opus-4-6'
        $blocks.IsActive | Should -Not -Contain $true
        $blocks[0].TokensPerMinute | Should -BeNullOrEmpty
    }

    It 'shows use against the largest past block with -TokenLimit max, and refuses a bad limit or length naming it' {
        $blocks = @(Get-LlmUsageBlock -TokenLimit max)
        $blocks | ForEach-Object { $_.TokenLimit } | Select-Object -Unique | Should -Be 440
        $blocks[-1].LimitPercent | Should -Be 100
        { Get-LlmUsageBlock -TokenLimit lots -ErrorAction Stop } | Should -Throw -ExpectedMessage '*TokenLimit*'
        { Get-LlmUsageBlock -SessionLength 0.1 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*SessionLength*'
    }

    It 'finds the block running now with -Active, with its burn rate' {
        $now = [DateTimeOffset]::UtcNow
        Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 1000 -OutputTokens 100 -CostUsd 1 -Timestamp $now.AddMinutes(-3).UtcDateTime | Out-Null
        Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 1000 -OutputTokens 100 -CostUsd 1 -Timestamp $now.AddMinutes(-1).UtcDateTime | Out-Null
        $active = @(Get-LlmUsageBlock -Active)
        $active.Count | Should -Be 1
        $active[0].IsActive | Should -BeTrue
        $active[0].Calls | Should -Be 2
        $active[0].TokensPerMinute | Should -BeGreaterThan 0
        $active[0].ProjectedCostUsd | Should -BeGreaterOrEqual 2
    }
}
