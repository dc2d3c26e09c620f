BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    . (Join-Path $PSScriptRoot 'FakeLlmServer.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:Completion = Get-Content (Join-Path $PSScriptRoot '../../../shared/fixtures/api/openai-chat-completion.json') -Raw
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Get-LlmStatus' {
    BeforeEach { $script:Store = Use-LlmtTestStore }

    It 'is the seed''s line over the session''s tokens, today''s cost and the session''s cost, equal to Get-LlmCost' {
        $now = [DateTimeOffset]::Now
        Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 1000 -OutputTokens 234 -CostUsd 0.40 -Session s-a -Timestamp $now.AddSeconds(-3).DateTime | Out-Null
        Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 0 -OutputTokens 0 -CostUsd 1.05 -Session s-a -Timestamp $now.AddSeconds(-2).DateTime | Out-Null
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 50 -OutputTokens 5 -CostUsd 0.02 -Session s-b -Timestamp $now.AddSeconds(-1).DateTime | Out-Null

        $status = Get-LlmStatus -Session s-a
        $status | Should -BeOfType ([LlmTelemetry.LlmStatus])
        "$status" | Should -Be 'Tokens: 1,234 | Cost: $1.47 | Session: $1.45'
        $status.SessionCalls | Should -Be 2
        $status.Level | Should -Be 'Yellow'
        $block = Get-LlmUsageBlock -Active
        $status.BlockStart | Should -Be $block.Start
        $status.BlockCostUsd | Should -Be $block.CostUsd

        $session = Get-LlmCost -Days 2 -Session s-a | Where-Object Key -eq 'Total'
        $today = Get-LlmCost -Days 1 | Where-Object Key -eq 'Total'
        $status.SessionTokens | Should -Be $session.TotalTokens
        [math]::Round($status.SessionCostUsd, 9) | Should -Be ([math]::Round($session.CostUsd, 9))
        [math]::Round($status.TodayCostUsd, 9) | Should -Be ([math]::Round($today.CostUsd, 9))
        $status.TodayCalls | Should -Be $today.Calls
    }

    It 'takes the session from LLM_SESSION_ID, and the levels at their exact boundaries' {
        $env:LLM_SESSION_ID = 'env-session'
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 10 -OutputTokens 1 -CostUsd 0.9999 | Out-Null
        (Get-LlmStatus).Session | Should -Be 'env-session'
        (Get-LlmStatus).Level | Should -Be 'Green'
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 10 -OutputTokens 1 -CostUsd 0.0001 | Out-Null
        (Get-LlmStatus).Level | Should -Be 'Yellow'
        (Get-LlmStatus -YellowAt 2 -RedAt 3).Level | Should -Be 'Green'
        (Get-LlmStatus -YellowAt 0.5 -RedAt 0.99).Level | Should -Be 'Red'
        { Get-LlmStatus -YellowAt 3 -RedAt 2 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*RedAt*'
    }

    It 'reads thresholds from the config file''s status section' {
        $config = Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'config.json'
        New-Item -ItemType Directory -Force (Split-Path $config) | Out-Null
        '{"status":{"yellow_usd":0.10,"red_usd":0.20}}' | Set-Content $config
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 10 -OutputTokens 1 -CostUsd 0.15 -Session cfg | Out-Null
        (Get-LlmStatus -Session cfg).Level | Should -Be 'Yellow'
        '{"status":{"colors":{"green":"32m; rm -rf"}}}' | Set-Content $config
        { Write-LlmStatus -Session cfg -ErrorAction Stop } | Should -Throw -ExpectedMessage '*status.colors.green*'
    }

    It 'counts the calls Invoke-LlmChat makes in this PowerShell process as its session' {
        $server = Start-LlmtFakeServer @(@{ Body = $Completion })
        try {
            $r = Invoke-LlmChat 'Hello' -Model gpt-5.4 -Provider OpenAICompatible -BaseUri $server.Uri
        } finally { Stop-LlmtFakeServer $server }
        $record = Get-LlmTelemetry
        $record.Session | Should -BeLike 'pid-*'
        $status = Get-LlmStatus
        $status.Session | Should -Be $record.Session
        $status.SessionCalls | Should -Be 1
        $status.SessionTokens | Should -Be $record.TotalTokens
    }
}

Describe 'Write-LlmStatus' {
    BeforeEach { $script:Store = Use-LlmtTestStore }

    It 'writes the line in its level''s ANSI colour, and plain text under NO_COLOR' {
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 10 -OutputTokens 1 -CostUsd 6 -Session red | Out-Null
        $esc = [char]27
        $painted = Invoke-LlmtPwsh "`$PSStyle.OutputRendering = 'Ansi'; Write-LlmStatus -Session red"
        ($painted -join "`n") | Should -Match ([regex]::Escape("$esc[31mTokens: 11 | Cost: `$6.00 | Session: `$6.00 | Block: `$6.00, ") + '\dh \d\dm left' + [regex]::Escape("$esc[0m"))
        $env:NO_COLOR = '1'
        $plain = Invoke-LlmtPwsh "`$PSStyle.OutputRendering = 'Ansi'; Write-LlmStatus -Session red"
        ($plain -join "`n") | Should -Match '(?m)^Tokens: 11 \| Cost: \$6\.00 \| Session: \$6\.00 \| Block: \$6\.00, \dh \d\dm left$'
        $env:NO_COLOR = $null
        $noColor = Invoke-LlmtPwsh "Write-LlmStatus -Session red -NoColor -PassThru | ForEach-Object Level"
        ($noColor -join "`n") | Should -Match 'Tokens: 11 \| Cost: \$6\.00 \| Session: \$6\.00 \| Block'
        $noColor | Should -Contain 'Red'
    }
}
