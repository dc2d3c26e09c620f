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

    It 'installs a daily job that runs from cron''s empty environment, and removes only its own line' {
        if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
            Set-ItResult -Skipped -Because 'on Windows it would register a real Task Scheduler task; the cron path is tested on Linux and macOS'
            return
        }
        Get-Command crontab -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because 'this test needs crontab (Debian package cron; .ci/run installs it)'
        $saved = @(crontab -l 2>$null)
        $hadCrontab = $LASTEXITCODE -eq 0
        try {
            # A line of the user's own, which neither Register- nor Unregister- may touch.
            $foreign = '0 4 * * * /bin/true # llmt-pester-foreign-line'
            (@($saved | Where-Object { $_ -notmatch '# LlmTelemetry retention$' }) + $foreign) -join "`n" | Set-Variable text
            "$text`n" | crontab -

            # The job acts on this session's store and settings, which it can only know from the line itself.
            $env:LLM_RETENTION_DAYS = '30'
            $old = [DateTime]::UtcNow.Date.AddDays(-40).AddHours(12)
            Write-LlmTelemetry -Model claude-haiku-4-5 -InputTokens 1 -OutputTokens 1 -Agent cron-old -Timestamp $old
            Write-LlmTelemetry -Model claude-haiku-4-5 -InputTokens 1 -OutputTokens 1 -Agent cron-new

            $task = Register-LlmTelemetryRetention -At 03:17
            $task | Should -BeOfType ([LlmTelemetry.LlmRetentionTask])
            $task.Registered | Should -BeTrue
            $task.Schedule | Should -Be 'Daily 03:17'
            $task.Command | Should -Match 'Remove-LlmTelemetry -ApplyRetention'
            $task | Export-Csv (Join-Path $TestDrive 'task.csv') -NoTypeInformation

            $lines = @(crontab -l)
            $ours = @($lines | Where-Object { $_ -match '# LlmTelemetry retention$' })
            $ours.Count | Should -Be 1
            $ours[0] | Should -BeLike '17 3 * * * *'
            $lines | Should -Contain $foreign
            # RetentionSchedule is internal to the module; its own read-back of a line is what cron hands /bin/sh.
            $schedule = [LlmTelemetry.Commands.RegisterLlmTelemetryRetentionCommand].Assembly.GetType('LlmTelemetry.Internal.RetentionSchedule', $true)
            $command = $schedule.GetMethod('CronCommand').Invoke($null, @([string]$ours[0]))
            $command | Should -Match ([regex]::Escape("LLM_TELEMETRY_DIR='$env:LLM_TELEMETRY_DIR'"))
            $command | Should -Not -Match "(^| )'?pwsh'? " -Because 'a bare pwsh is not on cron''s PATH'

            # Exactly what cron would run, with nothing of this session's environment.
            $output = & env -i /bin/sh -c $command 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
            @(Get-LlmTelemetry -Agent cron-old -Start $old.AddDays(-1)).Count | Should -Be 0 -Because 'the job deletes days past retention'
            @(Get-LlmTelemetry -Agent cron-new -Days 1).Count | Should -Be 1

            $removed = Unregister-LlmTelemetryRetention -Confirm:$false
            $removed.Registered | Should -BeFalse
            $after = @(crontab -l)
            $after | Should -Contain $foreign
            $after | Where-Object { $_ -match '# LlmTelemetry retention$' } | Should -BeNullOrEmpty
        }
        finally {
            if ($hadCrontab) { (($saved -join "`n") + "`n") | crontab - } else { crontab -r 2>$null }
        }
    }
}
