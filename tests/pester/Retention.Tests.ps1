BeforeDiscovery {
    # Installing a real job changes the machine; only where the runner says it may.
    $script:MayChangeScheduler = $env:LLMT_TEST_SCHEDULER -eq '1'
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:Store = Use-LlmtTestStore
    function Get-Crontab {
        if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop' -or -not (Get-Command crontab -ErrorAction SilentlyContinue)) { return $null }
        (crontab -l 2>$null) -join "`n"
    }
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Register-LlmTelemetryRetention and Unregister-LlmTelemetryRetention' {
    It 'changes nothing with -WhatIf' {
        $before = Get-Crontab
        $output = Register-LlmTelemetryRetention -At 02:30 -WhatIf
        $output | Should -BeNullOrEmpty
        Get-Crontab | Should -Be $before
    }

    It 'rejects a time with seconds with a stable error id' {
        { Register-LlmTelemetryRetention -At 02:30:15 -WhatIf } |
            Should -Throw -ErrorId 'RegisterLlmTelemetryRetentionInvalidAt,LlmTelemetry.Commands.RegisterLlmTelemetryRetentionCommand'
    }

    It 'installs the daily job and removes it again' -Skip:(-not $MayChangeScheduler) {
        $task = Register-LlmTelemetryRetention -At 03:17
        $task | Should -BeOfType ([LlmTelemetry.RetentionTask])
        $task.Registered | Should -BeTrue
        $task.Schedule | Should -Be 'Daily 03:17'
        $task.Command | Should -Match 'Remove-LlmTelemetry -ApplyRetention'
        if (Get-Crontab) { Get-Crontab | Should -Match '# LlmTelemetry retention' }
        $task | Export-Csv (Join-Path $TestDrive 'task.csv') -NoTypeInformation

        $removed = Unregister-LlmTelemetryRetention -Confirm:$false
        $removed.Registered | Should -BeFalse
        if (Get-Crontab) { Get-Crontab | Should -Not -Match '# LlmTelemetry retention' }
    }
}
