BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    # The servers .ci/run started (LLMT_CLICKHOUSE_URL, LLMT_PUSHGATEWAY_URL), else our own through .ci/servers, which
    # names the Debian package to install when a server is missing.
    $script:OwnServers = $null
    if (-not $env:LLMT_CLICKHOUSE_URL -or -not $env:LLMT_PUSHGATEWAY_URL) {
        $script:OwnServers = Join-Path $TestDrive 'servers'
        New-Item -ItemType Directory $script:OwnServers | Out-Null
        $env:LLMT_SERVERS_STATE = $script:OwnServers
        $lines = & bash (Join-Path $PSScriptRoot '../../.ci/servers') start clickhouse pushgateway
        if ($LASTEXITCODE -ne 0) { throw ".ci/servers could not start ClickHouse and the Pushgateway (exit $LASTEXITCODE)" }
        foreach ($line in $lines) {
            if ($line -match '^export (\w+)=(.*)$') { [Environment]::SetEnvironmentVariable($Matches[1], $Matches[2]) }
        }
    }
    $script:ClickHouse = $env:LLMT_CLICKHOUSE_URL.TrimEnd('/')
    $script:Gateway = $env:LLMT_PUSHGATEWAY_URL.TrimEnd('/')

    function Invoke-LlmtClickHouse([string] $Sql) {
        (Invoke-RestMethod -Method Post -Uri $script:ClickHouse -Body $Sql -ContentType 'text/plain').ToString().Trim()
    }

    function Add-LlmtSendData {
        Write-LlmTelemetry -Model claude-sonnet-4-5 -Provider anthropic -InputTokens 1000 -OutputTokens 200 -DurationMs 1200 -Agent pester-send -CostUsd 0.25 | Out-Null
        Write-LlmTelemetry -Model gpt-4o-mini -Provider openai -InputTokens 300 -OutputTokens 50 -DurationMs 800 -Agent pester-send -CostUsd 0.01 | Out-Null
        Write-LlmTelemetry -Model local-llama -Provider local -InputTokens 100 -OutputTokens 10 -DurationMs 2000 -Agent pester-send | Out-Null
    }
}

AfterAll {
    if ($script:OwnServers) { & bash (Join-Path $PSScriptRoot '../../.ci/servers') stop 2>$null | Out-Null }
    Restore-LlmtEnvironment
}

Describe 'Send-LlmTelemetry' {
    BeforeEach {
        $script:Store = Use-LlmtTestStore
        $script:Db = 'pester_' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        Add-LlmtSendData
    }

    It 'ships the records to ClickHouse once, counts a -WhatIf run without sending, and writes a flat result' {
        $dry = Send-LlmTelemetry -ClickHouse $script:ClickHouse -Database $script:Db -WhatIf
        $dry | Should -BeOfType ([LlmTelemetry.LlmSendResult])
        $dry.DryRun | Should -BeTrue
        $dry.Records | Should -Be 3
        Invoke-LlmtClickHouse "SELECT count() FROM system.databases WHERE name = '$($script:Db)'" | Should -Be '0'

        $sent = Send-LlmTelemetry -ClickHouse $script:ClickHouse -Database $script:Db
        $sent.Sink | Should -Be 'clickhouse'
        $sent.Sent | Should -Be 3
        $sent.Batches | Should -Be 1
        $sent.Checkpoint | Should -Exist
        Invoke-LlmtClickHouse "SELECT count(), sum(total_tokens) FROM $($script:Db).llm_telemetry FINAL" | Should -Be "3`t1660"
        Invoke-LlmtClickHouse "SELECT round(sum(cost_usd), 6) FROM $($script:Db).llm_telemetry FINAL" | Should -Be '0.26'

        (Send-LlmTelemetry -ClickHouse $script:ClickHouse -Database $script:Db).Sent | Should -Be 0
        Write-LlmTelemetry -Model gpt-4o-mini -Provider openai -InputTokens 30 -OutputTokens 5 -Agent pester-send -CostUsd 0.001 | Out-Null
        (Send-LlmTelemetry -ClickHouse $script:ClickHouse -Database $script:Db).Sent | Should -Be 1
        (Send-LlmTelemetry -ClickHouse $script:ClickHouse -Database $script:Db -FromStart).Sent | Should -Be 4
        Invoke-LlmtClickHouse "SELECT count() FROM $($script:Db).llm_telemetry FINAL" | Should -Be '4'

        $csv = Join-Path $TestDrive 'sends.csv'
        Send-LlmTelemetry -ClickHouse $script:ClickHouse -Database $script:Db | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv).Sink | Should -Be 'clickhouse'
    }

    It 'takes the ClickHouse user and password from -Credential and never shows the password' {
        $bad = [pscredential]::new('llmt_sender', (ConvertTo-SecureString 'not-the-password-77' -AsPlainText -Force))
        $err = $null
        try { Send-LlmTelemetry -ClickHouse $script:ClickHouse -Database $script:Db -Credential $bad -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'SendLlmTelemetryExportFailed*'
        "$err" | Should -Not -BeLike '*not-the-password-77*'
        "$err" | Should -BeLike '*401*'
        $good = [pscredential]::new('llmt_sender', (ConvertTo-SecureString 'llmt-test-only-password' -AsPlainText -Force))
        (Send-LlmTelemetry -ClickHouse $script:ClickHouse -Database $script:Db -Credential $good).Sent | Should -Be 3
    }

    It 'hashes hosts with the team salt, and refuses -Anonymize without one naming LLM_TEAM_SALT' {
        $env:LLM_TEAM_SALT = $null
        { Send-LlmTelemetry -ClickHouse $script:ClickHouse -Database $script:Db -Anonymize -ErrorAction Stop } | Should -Throw -ExpectedMessage '*LLM_TEAM_SALT*'
        $env:LLM_TEAM_SALT = 'pester-team-salt-0123456789'
        (Send-LlmTelemetry -ClickHouse $script:ClickHouse -Database $script:Db -Anonymize).Sent | Should -Be 3
        Invoke-LlmtClickHouse "SELECT countIf(startsWith(host, 'h:') AND length(host) = 34) FROM $($script:Db).llm_telemetry" | Should -Be '3'
    }

    It 'pushes the store''s totals to a Pushgateway under the job, with no checkpoint' {
        $job = 'pester-' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        $pushed = Send-LlmTelemetry -Pushgateway $script:Gateway -Job $job
        $pushed.Sink | Should -Be 'pushgateway'
        $pushed.Series | Should -BeGreaterThan 0
        $pushed.Checkpoint | Should -BeNullOrEmpty
        $metrics = (Invoke-WebRequest "$($script:Gateway)/metrics").Content -split "`n" | Where-Object { $_ -like "llm_calls_total*job=`"$job`"*" }
        ($metrics | ForEach-Object { [double]($_ -split ' ')[-1] } | Measure-Object -Sum).Sum | Should -Be 3
        $instance = [regex]::Match($metrics[0], 'instance="([^"]*)"').Groups[1].Value
        Invoke-WebRequest -Method Delete "$($script:Gateway)/metrics/job/$job/instance/$instance" | Out-Null
    }
}
