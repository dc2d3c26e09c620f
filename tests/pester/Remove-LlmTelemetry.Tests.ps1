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
        $plan[0].Action | Should -Be 'Delete'
        @(Get-LlmTelemetry).Count | Should -Be 6
    }

    It 'removes day folders older than N days and keeps the rest' {
        $removed = @(Remove-LlmTelemetry -OlderThan 30 -Confirm:$false -PassThru)
        $removed.Count | Should -Be 1
        $removed[0] | Should -BeOfType ([LlmTelemetry.LlmRemovalResult])
        $removed[0].Records | Should -Be 1
        $removed[0].Day | Should -Be ([DateTime]::UtcNow.Date.AddDays(-40).ToString('yyyy-MM-dd'))
        @(Get-LlmTelemetry -Agent old-agent).Count | Should -Be 0
        @(Get-LlmTelemetry).Count | Should -Be 5
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

    It 'removes day folders before a date' {
        Remove-LlmTelemetry -Before ([DateTime]::UtcNow.Date.AddDays(-1)) -Confirm:$false
        @(Get-LlmTelemetry).Count | Should -Be 4
    }

    It 'removes everything with -All when confirmation is turned off' {
        Remove-LlmTelemetry -All -Confirm:$false
        @(Get-LlmTelemetry).Count | Should -Be 0
    }

    It 'removes everything with -All -Force' {
        Remove-LlmTelemetry -All -Force
        @(Get-LlmTelemetry).Count | Should -Be 0
    }

    It 'applies the configured retention' {
        $env:LLM_RETENTION_DAYS = '10'
        Remove-LlmTelemetry -ApplyRetention -Confirm:$false
        @(Get-LlmTelemetry -Agent old-agent).Count | Should -Be 0
        @(Get-LlmTelemetry).Count | Should -Be 5
    }

    It 'refuses two modes at once at binding' {
        { Remove-LlmTelemetry -OlderThan 3 -All } | Should -Throw -ErrorId 'AmbiguousParameterSet,LlmTelemetry.Commands.RemoveLlmTelemetryCommand'
    }

    It 'rejects a negative age at binding' {
        { Remove-LlmTelemetry -OlderThan -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,LlmTelemetry.Commands.RemoveLlmTelemetryCommand'
    }
}
