BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Remove-LlmTelemetry' {
    BeforeEach {
        $script:Store = Use-LlmtTestStore
        Add-LlmtTestData
    }

    It 'changes nothing with -WhatIf' {
        Remove-LlmTelemetry -OlderThan 1 -WhatIf
        Remove-LlmTelemetry -All -WhatIf
        Get-LlmTelemetry -EventType llm_call | Remove-LlmTelemetry -WhatIf
        @(Get-LlmTelemetry).Count | Should -Be 6
    }

    It 'says what would go with -WhatIf -PassThru, and removes nothing' {
        $plan = @(Remove-LlmTelemetry -OlderThan 30 -WhatIf -PassThru)
        $plan.Count | Should -Be 1
        $plan[0].WhatIf | Should -BeTrue
        $plan[0].Action | Should -Be 'Archive'
        $plan[0].Raw | Should -Be 'Removed'
        $plan[0].History | Should -Be 'Kept'
        @(Get-LlmTelemetry).Count | Should -Be 6
    }

    It 'removes the raw records older than N days and keeps their costs in history' {
        $costBefore = (Get-LlmCost -Days 60 -TimeZone UTC).CostUsd
        $removed = @(Remove-LlmTelemetry -OlderThan 30 -Confirm:$false -PassThru)
        $removed.Count | Should -Be 1
        $removed[0] | Should -BeOfType ([LlmTelemetry.LlmRemovalResult])
        $removed[0].Action | Should -Be 'Archive'
        $removed[0].Records | Should -Be 1
        $removed[0].Day | Should -Be ([DateTime]::UtcNow.Date.AddDays(-40).ToString('yyyy-MM-dd'))
        @(Get-LlmTelemetry -Agent old-agent).Count | Should -Be 0
        @(Get-LlmTelemetry).Count | Should -Be 5
        # The old agent's call is gone from the records, not from the costs.
        (Get-LlmCost -Days 60 -TimeZone UTC).CostUsd | Should -Be $costBefore
        (Get-LlmCost -Days 60 -TimeZone UTC -Agent old-agent).Calls | Should -Be 1
    }

    It 'deletes history only with -IncludeHistory, and -Force skips the confirmation' {
        Remove-LlmTelemetry -OlderThan 30 -Confirm:$false
        # Nothing raw is that old any more, and without -IncludeHistory history is not touched.
        @(Remove-LlmTelemetry -OlderThan 30 -Confirm:$false -PassThru).Count | Should -Be 0
        (Get-LlmCost -Days 60 -TimeZone UTC -Agent old-agent).Calls | Should -Be 1

        $plan = @(Remove-LlmTelemetry -OlderThan 30 -IncludeHistory -WhatIf -PassThru)
        $plan.Action | Should -Be 'DeleteHistory'
        $plan.Raw | Should -Be 'None'
        $plan.History | Should -Be 'Deleted'
        $plan.Records | Should -Be 1
        (Get-LlmCost -Days 60 -TimeZone UTC -Agent old-agent).Calls | Should -Be 1

        $done = @(Remove-LlmTelemetry -OlderThan 30 -IncludeHistory -Force -PassThru)
        $done.Action | Should -Be 'DeleteHistory'
        $done.WhatIf | Should -BeFalse
        @(Get-LlmCost -Days 60 -TimeZone UTC -Agent old-agent | Where-Object Calls -gt 0).Count | Should -Be 0
        @(Get-LlmTelemetry).Count | Should -Be 5
    }

    It 'removes a raw day that has no history yet and its history together with -Before -IncludeHistory' {
        $removed = @(Remove-LlmTelemetry -Before ([DateTime]::UtcNow.Date.AddDays(-30)) -IncludeHistory -Confirm:$false -PassThru)
        $removed.Action | Should -Be 'Delete'
        $removed.History | Should -Be 'Deleted'
        @(Get-LlmCost -Days 60 -TimeZone UTC -Agent old-agent | Where-Object Calls -gt 0).Count | Should -Be 0
    }

    It 'prints per day what happens to raw records and rollups with -WhatIf' {
        $day = [DateTime]::UtcNow.Date.AddDays(-40).ToString('yyyy-MM-dd')
        $lines = @(Invoke-LlmtPwsh 'Remove-LlmTelemetry -OlderThan 30 -WhatIf')
        $LASTEXITCODE | Should -Be 0
        $text = $lines -join "`n"
        $text | Should -Match 'What if: Remove telemetry in '
        $text | Should -Match ([regex]::Escape("${day}: raw records removed (1), daily rollup kept in history"))

        Remove-LlmTelemetry -OlderThan 30 -Confirm:$false
        $text = @(Invoke-LlmtPwsh 'Remove-LlmTelemetry -OlderThan 30 -IncludeHistory -WhatIf') -join "`n"
        $text | Should -Match ([regex]::Escape("${day}: no raw records left, daily rollup deleted from history"))
        (Get-LlmCost -Days 60 -TimeZone UTC -Agent old-agent).Calls | Should -Be 1
    }

    It 'asks before -IncludeHistory deletes history, as a high-impact action, unless told not to' {
        Remove-LlmTelemetry -OlderThan 30 -Confirm:$false
        # A non-interactive pwsh refuses to prompt: the question was asked, so the run fails and deletes nothing.
        $text = @(Invoke-LlmtPwsh 'Remove-LlmTelemetry -OlderThan 30 -IncludeHistory') -join "`n"
        $LASTEXITCODE | Should -Not -Be 0
        $text | Should -Match 'NonInteractive'
        (Get-LlmCost -Days 60 -TimeZone UTC -Agent old-agent).Calls | Should -Be 1
        # $ConfirmPreference None asks nothing, as for any cmdlet.
        Invoke-LlmtPwsh '$ConfirmPreference = ''None''; Remove-LlmTelemetry -OlderThan 30 -IncludeHistory' | Out-Null
        $LASTEXITCODE | Should -Be 0
        @(Get-LlmCost -Days 60 -TimeZone UTC -Agent old-agent | Where-Object Calls -gt 0).Count | Should -Be 0
    }

    It 'takes -IncludeHistory only with -OlderThan, -Before or -All, at binding' {
        { Remove-LlmTelemetry -ApplyRetention -IncludeHistory } | Should -Throw -ErrorId 'AmbiguousParameterSet,LlmTelemetry.Commands.RemoveLlmTelemetryCommand'
        { Remove-LlmTelemetry -Id x -IncludeHistory } | Should -Throw -ErrorId 'AmbiguousParameterSet,LlmTelemetry.Commands.RemoveLlmTelemetryCommand'
    }

    It 'removes the records piped from Get-LlmTelemetry by their Id' {
        Get-LlmTelemetry -Model claude* | Remove-LlmTelemetry -Confirm:$false
        @(Get-LlmTelemetry -Model claude*).Count | Should -Be 0
        @(Get-LlmTelemetry).Count | Should -Be 3
    }

    It 'removes ids given directly and reports each day rewritten' {
        $ids = (Get-LlmTelemetry -Failed).Id
        $result = Remove-LlmTelemetry -Id $ids -Confirm:$false -PassThru
        $result.Action | Should -Be 'RemoveRecords'
        @(Get-LlmTelemetry -Failed).Count | Should -Be 0
    }

    It 'warns about ids that are not in the store' {
        Remove-LlmTelemetry -Id 'no-such-id' -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -Not -BeNullOrEmpty
    }

    It 'removes the raw records of the days before a date' {
        Remove-LlmTelemetry -Before ([DateTime]::UtcNow.Date.AddDays(-1)) -Confirm:$false
        @(Get-LlmTelemetry).Count | Should -Be 4
    }

    It 'removes every raw record with -All when confirmation is turned off, and keeps closed days in history' {
        Remove-LlmTelemetry -All -Confirm:$false
        @(Get-LlmTelemetry).Count | Should -Be 0
        # Today had no history yet: its calls are gone; the days before keep their costs.
        (Get-LlmCost -Days 60 -TimeZone UTC).Calls | Should -Be 2
    }

    It 'removes everything, history included, with -All -IncludeHistory -Force' {
        Remove-LlmTelemetry -All -IncludeHistory -Force
        @(Get-LlmCost -Days 60 -TimeZone UTC | Where-Object Calls -gt 0).Count | Should -Be 0
    }

    It 'removes everything with -All -Force' {
        Remove-LlmTelemetry -All -Force
        @(Get-LlmTelemetry).Count | Should -Be 0
    }

    It 'applies the configured retention, archiving, and the history limit' {
        $env:LLM_RETENTION_DAYS = '10'
        $archived = @(Remove-LlmTelemetry -ApplyRetention -Confirm:$false -PassThru)
        ($archived | Where-Object Action -eq 'Archive').Day | Should -Be ([DateTime]::UtcNow.Date.AddDays(-40).ToString('yyyy-MM-dd'))
        @(Get-LlmTelemetry -Agent old-agent).Count | Should -Be 0
        @(Get-LlmTelemetry).Count | Should -Be 5
        (Get-LlmCost -Days 60 -TimeZone UTC -Agent old-agent).Calls | Should -Be 1
        $env:LLM_HISTORY_DAYS = '35'
        (Remove-LlmTelemetry -ApplyRetention -Confirm:$false -PassThru).Action | Should -Be 'DeleteHistory'
        @(Get-LlmCost -Days 60 -TimeZone UTC -Agent old-agent | Where-Object Calls -gt 0).Count | Should -Be 0
    }

    It 'refuses two modes at once at binding' {
        { Remove-LlmTelemetry -OlderThan 3 -All } | Should -Throw -ErrorId 'AmbiguousParameterSet,LlmTelemetry.Commands.RemoveLlmTelemetryCommand'
    }

    It 'rejects a negative age at binding' {
        { Remove-LlmTelemetry -OlderThan -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,LlmTelemetry.Commands.RemoveLlmTelemetryCommand'
    }
}
