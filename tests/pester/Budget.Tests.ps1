BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    . (Join-Path $PSScriptRoot 'FakeLlmServer.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:Completion = Get-Content (Join-Path $PSScriptRoot '../../../shared/fixtures/api/openai-chat-completion.json') -Raw
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Set-LlmBudget, Get-LlmBudget and Remove-LlmBudget' {
    BeforeEach { $script:Store = Use-LlmtTestStore }

    It 'saves a budget in the config file and reports its period''s spend' {
        $b = Set-LlmBudget -Monthly 200 -Project spacewalker
        $b | Should -BeOfType ([LlmTelemetry.LlmBudget])
        $b.Name | Should -Be 'monthly-project-spacewalker'
        $b.Scope | Should -Be 'project:spacewalker'
        Get-Content (Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'config.json') -Raw | Should -Match '"budgets"'
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 10 -OutputTokens 1 -CostUsd 50 -Project spacewalker | Out-Null
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 10 -OutputTokens 1 -CostUsd 70 -Project other | Out-Null
        $now = Get-LlmBudget
        $now.SpentUsd | Should -Be 50
        $now.LeftUsd | Should -Be 150
        $now.Percent | Should -Be 25
        Set-LlmBudget -Daily 20 -Enforce | Out-Null
        @(Get-LlmBudget).Count | Should -Be 2
        @(Get-LlmBudget daily*).Name | Should -Be 'daily'
        $removed = Get-LlmBudget daily | Remove-LlmBudget -PassThru
        $removed.Name | Should -Be 'daily'
        @(Get-LlmBudget).Name | Should -Be 'monthly-project-spacewalker'
        { Remove-LlmBudget nope -ErrorAction Stop } | Should -Throw -ExpectedMessage '*nope*'
        { Set-LlmBudget -Monthly 5 -Project a -Agent b -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Agent*'
        { Set-LlmBudget -Monthly -5 -ErrorAction Stop } | Should -Throw
        Set-LlmBudget -Weekly 9 -WhatIf | Out-Null
        @(Get-LlmBudget).Count | Should -Be 1
    }

    It 'warns once per threshold and period' {
        Set-LlmBudget -Daily 10 -Name day | Out-Null
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 10 -OutputTokens 1 -CostUsd 8.5 | Out-Null
        $first = @(Get-LlmBudget 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $first.Count | Should -Be 2
        $first[1].Message | Should -BeLike "*budget 'day'*80%*"
        $again = @(Get-LlmBudget 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $again.Count | Should -Be 0
        $status = Get-LlmStatus 3>$null
        $status.Budget | Should -Be 'day 85% of $10.00'
        $status.BudgetPercent | Should -Be 85
        $status.Level | Should -Be 'Yellow'
        "$($status)" | Should -Be "$status"
    }

    It 'still gives the status when the alert state is damaged, with a warning naming the file' {
        Set-LlmBudget -Daily 10 -Name day | Out-Null
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 10 -OutputTokens 1 -CostUsd 8.5 | Out-Null
        Get-LlmBudget 3>$null | Out-Null
        $state = Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'budget-alerts.json'
        Set-Content -Path $state -Value 'garbage{' -NoNewline
        $output = @(Get-LlmStatus 3>&1)
        $status = @($output | Where-Object { $_ -is [LlmTelemetry.LlmStatus] })
        $warnings = @($output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $status.Count | Should -Be 1
        $status[0].BudgetPercent | Should -Be 85
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -BeLike "budget alerts were not checked*$state*"
        Get-Content $state -Raw | Should -Be 'garbage{'
    }
}

Describe 'Invoke-LlmChat refusals' {
    BeforeEach {
        $script:Store = Use-LlmtTestStore
        $script:Server = Start-LlmtFakeServer @(@{ Body = $Completion })
    }

    AfterEach { Stop-LlmtFakeServer $Server }

    It 'refuses a call that would cross an enforced budget, and records no priced call' {
        # gpt-5.4 at $15 per million output tokens: 1,000 max tokens alone are $0.015, over a $0.01 day.
        Set-LlmBudget -Daily 0.01 -Enforce -Name tiny | Out-Null
        $err = $null
        Invoke-LlmChat 'Hello' -Model gpt-5.4 -Provider OpenAICompatible -BaseUri $Server.Uri -MaxTokens 1000 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvokeLlmChatBudgetExceeded*'
        "$($err[0])" | Should -BeLike "*tiny*"
        @($Server.Requests.ToArray()).Count | Should -Be 0
        $events = @(Get-LlmTelemetry -EventType budget_refused)
        $events.Count | Should -Be 1
        @(Get-LlmTelemetry -EventType llm_call).Count | Should -Be 0
    }

    It 'refuses a call over -MaxCostUsd and sends one under it' {
        { Invoke-LlmChat 'Hello' -Model gpt-5.4 -Provider OpenAICompatible -BaseUri $Server.Uri -MaxTokens 1000 -MaxCostUsd 0.001 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*0.001*'
        @($Server.Requests.ToArray()).Count | Should -Be 0
        $r = Invoke-LlmChat 'Hello' -Model gpt-5.4 -Provider OpenAICompatible -BaseUri $Server.Uri -MaxTokens 1000 -MaxCostUsd 1
        $r.Content | Should -Not -BeNullOrEmpty
        @(Get-LlmTelemetry -EventType llm_call).Count | Should -Be 1
    }
}
