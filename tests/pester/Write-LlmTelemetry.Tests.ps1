BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Write-LlmTelemetry' {
    BeforeEach { $script:Store = Use-LlmtTestStore }

    It 'records a call and returns it with -PassThru' {
        $record = Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 812 -OutputTokens 95 -DurationMs 1430 -Agent doc-finder -Operation search -CostUsd 0.0002 -PassThru
        $record | Should -BeOfType ([LlmTelemetry.LlmRecord])
        $record.TotalTokens | Should -Be 907
        $record.Source | Should -Be 'Write-LlmTelemetry'
        $record.Host | Should -Not -BeNullOrEmpty
        $record.User | Should -Not -BeNullOrEmpty
        (Get-LlmTelemetry).Id | Should -Be $record.Id
    }

    It 'stores a call without -CostUsd with no cost, counted as unpriced' {
        Write-LlmTelemetry -Model some-new-model -InputTokens 10 -OutputTokens 5
        (Get-LlmTelemetry).CostUsd | Should -BeNullOrEmpty
        (Get-LlmTelemetry | Measure-LlmCost).UnpricedCalls | Should -Be 1
    }

    It 'prices a call without -CostUsd from the model registry and names its provider' {
        $record = Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 1000 -OutputTokens 200 -PassThru
        $record.Provider | Should -Be 'anthropic'
        # $3 and $15 per million tokens.
        [math]::Round($record.CostUsd, 9) | Should -Be 0.006
    }

    It 'prices an alias as the model it resolves to' {
        $record = Write-LlmTelemetry -Model haiku -InputTokens 1000000 -OutputTokens 0 -PassThru
        [math]::Round($record.CostUsd, 6) | Should -Be 1
    }

    It 'keeps an explicit -CostUsd over the registry price' {
        (Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 1000 -CostUsd 0.5 -PassThru).CostUsd | Should -Be 0.5
    }

    It 'warns about a malformed model override file and still prices from the built-ins' {
        New-Item -ItemType Directory -Path $env:LLM_TELEMETRY_CONFIG_DIR -Force | Out-Null
        Set-Content -Path (Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'models.json') -Value '{ not json'
        $record = Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 1000 -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -BeGreaterThan 0
        [math]::Round($record.CostUsd, 9) | Should -Be 0.003
    }

    It 'marks a call with an error message as failed' {
        Write-LlmTelemetry -Model m -ErrorMessage 'timeout' -CostUsd 0
        $record = Get-LlmTelemetry
        $record.Success | Should -BeFalse
        $record.Error | Should -Be 'timeout'
    }

    It 'records other events with a payload stored as JSON' {
        Write-LlmTelemetry -EventType ToolCall -Agent doc-finder -Payload @{ tool = 'grep'; hits = 12; args = @('-r', 'x'); inner = @{ ok = $true } }
        $event = Get-LlmTelemetry -EventType tool_call
        $event.EventType | Should -Be 'tool_call'
        $payload = $event.Payload | ConvertFrom-Json
        $payload.tool | Should -Be 'grep'
        $payload.hits | Should -Be 12
        $payload.args | Should -Be @('-r', 'x')
        $payload.inner.ok | Should -BeTrue
    }

    It 'hashes the prompt and response and keeps the text only when opted in' {
        $record = Write-LlmTelemetry -Model m -CostUsd 0 -Prompt 'secret prompt' -Response 'secret answer' -PassThru
        $record.PromptHash | Should -Match '^sha256:[0-9a-f]{64}$'
        $record.ResponseHash | Should -Match '^sha256:[0-9a-f]{64}$'
        Get-ChildItem $Store -Recurse -Filter 'prompts.jsonl' | Should -BeNullOrEmpty
        (Get-ChildItem $Store -Recurse -File | Get-Content -Raw) -join '' | Should -Not -Match 'secret'

        $env:LLM_STORE_PROMPTS = 'true'
        Write-LlmTelemetry -Model m -CostUsd 0 -Prompt 'kept prompt'
        (Get-ChildItem $Store -Recurse -Filter 'prompts.jsonl' | Get-Content -Raw) | Should -Match 'kept prompt'
    }

    It 'records rows piped from Import-Csv by property name' {
        $file = Join-Path $TestDrive 'log.csv'
        @(
            [pscustomobject]@{ Model = 'a'; InputTokens = 10; OutputTokens = 1; Agent = 'csv' }
            [pscustomobject]@{ Model = 'b'; InputTokens = 20; OutputTokens = 2; Agent = 'csv' }
        ) | Export-Csv $file -NoTypeInformation
        $written = @(Import-Csv $file | Write-LlmTelemetry -PassThru)
        $written.Count | Should -Be 2
        ($written | Group-Object Agent).Name | Should -Be 'csv'
        (Get-LlmTelemetry -Agent csv | Measure-LlmCost).InputTokens | Should -Be 30
    }

    It 'writes nothing with -WhatIf' {
        Write-LlmTelemetry -Model m -InputTokens 1 -WhatIf
        @(Get-LlmTelemetry).Count | Should -Be 0
    }

    It 'reports a call without a model with a stable error id and writes nothing' {
        { Write-LlmTelemetry -InputTokens 5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'WriteLlmTelemetryInvalidModel,LlmTelemetry.Commands.WriteLlmTelemetryCommand'
        @(Get-LlmTelemetry).Count | Should -Be 0
    }

    It 'reports reasoning tokens beyond the output tokens with a stable error id' {
        { Write-LlmTelemetry -Model m -OutputTokens 5 -ReasoningTokens 6 -ErrorAction Stop } |
            Should -Throw -ErrorId 'WriteLlmTelemetryInvalidTokensReasoning,LlmTelemetry.Commands.WriteLlmTelemetryCommand'
    }

    It 'refuses a cost of 1e308 and a count that would overflow a total, naming the field, and writes nothing' {
        { Write-LlmTelemetry -Model m -InputTokens 1 -OutputTokens 1 -CostUsd 1e308 -ErrorAction Stop } |
            Should -Throw -ErrorId 'WriteLlmTelemetryInvalidCostUsd,LlmTelemetry.Commands.WriteLlmTelemetryCommand' -ExpectedMessage '*at most 1,000,000 US dollars*'
        { Write-LlmTelemetry -Model m -InputTokens ([long]::MaxValue) -OutputTokens 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'WriteLlmTelemetryInvalidTokensInput,LlmTelemetry.Commands.WriteLlmTelemetryCommand' -ExpectedMessage '*at most 10,000,000,000 tokens*'
        @(Get-LlmTelemetry).Count | Should -Be 0
    }

    It 'refuses control characters in the names it is given, shows them escaped, and writes nothing' {
        { Write-LlmTelemetry -Model m -InputTokens 1 -Agent "x`e]0;pwned`a" -ErrorAction Stop } |
            Should -Throw -ErrorId 'WriteLlmTelemetryInvalidAgentName,LlmTelemetry.Commands.WriteLlmTelemetryCommand' -ExpectedMessage '*x\e]0;pwned\a*'
        { Write-LlmTelemetry -Model "m`n" -InputTokens 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'WriteLlmTelemetryInvalidModel,LlmTelemetry.Commands.WriteLlmTelemetryCommand' -ExpectedMessage '*control characters*'
        @(Get-LlmTelemetry).Count | Should -Be 0
    }

    It 'refuses a timestamp outside 1970..9998 instead of storing it as now' {
        { Write-LlmTelemetry -Model m -InputTokens 1 -Timestamp ([datetime]::MinValue) -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*timestamp*'
        @(Get-LlmTelemetry).Count | Should -Be 0
    }

    It 'rejects negative tokens at binding' {
        { Write-LlmTelemetry -Model m -InputTokens -1 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,LlmTelemetry.Commands.WriteLlmTelemetryCommand'
    }

    It 'goes on with the next piped call after a bad one' {
        $rows = @(
            [pscustomobject]@{ Model = 'ok-1'; OutputTokens = 1 }
            [pscustomobject]@{ InputTokens = 3 }
            [pscustomobject]@{ Model = 'ok-2'; OutputTokens = 1 }
        )
        $rows | Write-LlmTelemetry -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures.Count | Should -Be 1
        @(Get-LlmTelemetry).Model | Should -Be @('ok-1', 'ok-2')
    }
}
