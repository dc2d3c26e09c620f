BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment

    function Get-LlmtCompletion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }

    # A small LiteLLM price file: one changed known model, one new chat model, one embedding model (skipped).
    function New-LlmtLiteLlmFile {
        $file = Join-Path $TestDrive ([guid]::NewGuid().ToString('N') + '.json')
        @'
{
  "sample_spec": { "mode": "one of: chat, embedding", "input_cost_per_token": 0.0 },
  "claude-sonnet-4-5": { "litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 4e-06, "output_cost_per_token": 2e-05,
     "max_input_tokens": 200000, "max_output_tokens": 64000, "supports_prompt_caching": true },
  "acme/new-chat-1": { "litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1.5e-06, "output_cost_per_token": 6e-06, "max_tokens": 32000 },
  "text-embedding-3-small": { "litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 2e-08, "output_cost_per_token": 0.0 }
}
'@ | Set-Content -Path $file -Encoding utf8
        $file
    }
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Get-LlmModel' {
    BeforeEach { $script:Store = Use-LlmtTestStore }

    It 'lists the built-in models as flat LlmModel objects' {
        $models = @(Get-LlmModel)
        $models.Count | Should -BeGreaterThan 100
        $models[0] | Should -BeOfType ([LlmTelemetry.LlmModel])
        ($models | Where-Object Origin -ne 'built-in') | Should -BeNullOrEmpty
    }

    It 'gives the current rates per million tokens and the long-context tier' {
        $sonnet = Get-LlmModel claude-sonnet-4-5
        $sonnet.Provider | Should -Be 'anthropic'
        $sonnet.InputPerMillion | Should -Be 3
        $sonnet.OutputPerMillion | Should -Be 15
        $sonnet.CacheReadPerMillion | Should -Be 0.3
        $sonnet.LongContextThreshold | Should -Be 200000
        $sonnet.LongContextInputPerMillion | Should -Be 6
        $sonnet.Aliases | Should -Match 'claude-sonnet-4-5-20250929'
        $sonnet.PriceCount | Should -Be 1
    }

    It 'resolves an exact alias through the registry and says so in verbose output' {
        $model = Get-LlmModel sonnet -Verbose 4>&1
        $verbose = @($model | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $found = @($model | Where-Object { $_ -is [LlmTelemetry.LlmModel] })
        $found.Count | Should -Be 1
        $found[0].Aliases | Should -Match '\bsonnet\b'
        ($verbose.Message -join "`n") | Should -Match "sonnet.*$([regex]::Escape($found[0].Id))"
    }

    It 'matches ids and aliases with wildcards and filters by provider with wildcards' {
        $claude = @(Get-LlmModel 'claude-*')
        $claude.Count | Should -BeGreaterThan 3
        ($claude | Group-Object Provider).Name | Should -Be 'anthropic'
        $open = @(Get-LlmModel -Provider 'open*')
        $open.Count | Should -BeGreaterThan 0
        $open.Provider | Sort-Object -Unique | ForEach-Object { $_ | Should -BeLike 'open*' }
        @(Get-LlmModel 'gpt-4o*' -Provider anthropic).Count | Should -Be 0
    }

    It 'takes names piped as strings' {
        ('sonnet', 'gpt-4o-mini' | Get-LlmModel).Provider | Should -Be @('anthropic', 'openai')
    }

    It 'writes a model named twice once' {
        @(Get-LlmModel claude-haiku-4-5, haiku).Count | Should -Be 1
    }

    It 'takes model names from piped telemetry records by property name' {
        Write-LlmTelemetry -Model claude-haiku-4-5 -InputTokens 1
        Write-LlmTelemetry -Model claude-haiku-4-5 -InputTokens 2
        Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 3
        Write-LlmTelemetry -EventType SessionStart -Session s1
        $models = @(Get-LlmTelemetry | Get-LlmModel)
        $models.Id | Sort-Object | Should -Be @('claude-haiku-4-5', 'gpt-4o-mini')
    }

    It 'reports an unknown name with a stable error id and goes on' {
        $found = @(Get-LlmModel no-such-model, haiku -ErrorAction SilentlyContinue -ErrorVariable failures)
        $found.Count | Should -Be 1
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'GetLlmModelNotFound,LlmTelemetry.Commands.GetLlmModelCommand'
        { Get-LlmModel no-such-model -ErrorAction Stop } | Should -Throw -ErrorId 'GetLlmModelNotFound,LlmTelemetry.Commands.GetLlmModelCommand'
    }

    It 'lists by provider then id, whatever order the names are given in' {
        (Get-LlmModel gpt-4o-mini, haiku, 'claude-sonnet-4-5*').Id | Should -Be @('claude-haiku-4-5', 'claude-sonnet-4-5', 'gpt-4o-mini')
        $ids = @(Get-LlmModel -Provider OPENAI).Id
        $ids.Count | Should -BeGreaterThan 10
        $ids | Should -Be ($ids | Sort-Object)
    }

    It 'says which models an ambiguous name could mean' {
        New-Item -ItemType Directory -Path $env:LLM_TELEMETRY_CONFIG_DIR -Force | Out-Null
        Set-Content -Path (Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'models.json') -Value ('{ "models": [' +
            '{ "id": "team-a-model", "provider": "x", "aliases": ["house"], "prices": [ { "input": 1, "output": 2 } ] },' +
            '{ "id": "team-b-model", "provider": "x", "aliases": ["house"], "prices": [ { "input": 3, "output": 4 } ] } ] }')
        Get-LlmModel house -ErrorAction SilentlyContinue -ErrorVariable failures | Should -BeNullOrEmpty
        $failures[0].Exception.Message | Should -Match 'It could be: team-a-model, team-b-model\.'
    }

    It 'exports one CSV row per model with scalar columns' {
        $file = Join-Path $TestDrive 'models.csv'
        Get-LlmModel 'claude-*' | Export-Csv $file -NoTypeInformation
        $rows = @(Import-Csv $file)
        $rows[0].PSObject.Properties.Name | Should -Contain 'InputPerMillion'
        ($rows | Where-Object { $_.Aliases -match 'System\.' }) | Should -BeNullOrEmpty
    }
}

Describe 'Set-LlmModelPrice' {
    BeforeEach { $script:Store = Use-LlmtTestStore }

    It 'replaces the price of a known model in the override file and prices new calls with it' {
        $model = Set-LlmModelPrice claude-sonnet-4-5 -InputPerMillion 2 -OutputPerMillion 10 -PassThru -WarningAction SilentlyContinue
        $model.Origin | Should -Be 'override'
        $model.InputPerMillion | Should -Be 2
        # Anthropic's rules derive the cache rates from the input rate.
        $model.CacheReadPerMillion | Should -Be 0.2
        $model.CacheWrite5mPerMillion | Should -Be 2.5
        Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'models.json' | Should -Exist
        [math]::Round((Write-LlmTelemetry -Model claude-sonnet-4-5 -InputTokens 1000000 -PassThru).CostUsd, 9) | Should -Be 2
    }

    It 'sets a price through an alias and says which model it is' {
        $out = Set-LlmModelPrice haiku 0.5 2.5 -PassThru -Verbose 4>&1
        ($out | Where-Object { $_ -is [LlmTelemetry.LlmModel] }).Id | Should -Be 'claude-haiku-4-5'
        (@($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match "resolved 'haiku' to claude-haiku-4-5"
        (Get-LlmModel claude-haiku-4-5).OutputPerMillion | Should -Be 2.5
    }

    It 'adds a dated price and keeps the old one for older calls' {
        $from = [DateTime]::UtcNow.Date.AddDays(-1)
        $model = Set-LlmModelPrice gpt-4o-mini -InputPerMillion 1 -OutputPerMillion 1 -EffectiveFrom $from -PassThru
        $model.PriceCount | Should -Be 2
        $model.InputPerMillion | Should -Be 1
        $model.PriceEffectiveFrom | Should -Be $from
        [math]::Round((Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 1000000 -PassThru).CostUsd, 9) | Should -Be 1
        [math]::Round((Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 1000000 -Timestamp $from.AddDays(-10) -PassThru).CostUsd, 9) | Should -Be 0.15
    }

    It 'adds a new model with its provider and context window' {
        Set-LlmModelPrice llama3.1:8b 0 0 -Provider ollama -ContextWindow 131072
        $model = Get-LlmModel llama3.1:8b
        $model.Provider | Should -Be 'ollama'
        $model.ContextWindow | Should -Be 131072
        $record = Write-LlmTelemetry -Model llama3.1:8b -InputTokens 500 -PassThru
        $record.CostUsd | Should -Be 0
        $record.Provider | Should -Be 'ollama'
    }

    It 'refuses a new model without a provider with a stable error id naming the parameter' {
        { Set-LlmModelPrice brand-new-model 1 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'SetLlmModelPriceInvalidProvider,LlmTelemetry.Commands.SetLlmModelPriceCommand'
        Set-LlmModelPrice brand-new-model 1 2 -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].Exception.Message | Should -Match "invalid provider: is required to add 'brand-new-model'"
        Get-LlmModel brand-new-model -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'gives a Claude model served by another provider the Claude cache rules' {
        $model = Set-LlmModelPrice anthropic.claude-house-v1 -InputPerMillion 4 -OutputPerMillion 20 -Provider bedrock -PassThru
        $model.Provider | Should -Be 'bedrock'
        $model.CacheReadPerMillion | Should -Be 0.4
        $model.CacheWrite5mPerMillion | Should -Be 5
        $model.CacheWrite1hPerMillion | Should -Be 8
        # A model that is not Claude bills cache tokens as input, even from Anthropic.
        (Set-LlmModelPrice house-model 4 20 -Provider anthropic -PassThru).CacheReadPerMillion | Should -Be 4
    }

    It 'warns that the replaced price loses its long-context rates' {
        Set-LlmModelPrice claude-sonnet-4-5 2 10 -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'long-context rates of claude-sonnet-4-5'
    }

    It 'reports a bad row of a piped price sheet and sets the next' {
        $rows = @(
            [pscustomobject]@{ Model = 'house-x'; InputPerMillion = 1; OutputPerMillion = 2 }
            [pscustomobject]@{ Model = 'house-y'; InputPerMillion = 3; OutputPerMillion = 4; Provider = 'local' }
        )
        $set = @($rows | Set-LlmModelPrice -PassThru -ErrorAction SilentlyContinue -ErrorVariable failures)
        $set.Id | Should -Be 'house-y'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'SetLlmModelPriceInvalidProvider,LlmTelemetry.Commands.SetLlmModelPriceCommand'
    }

    It 'never saves over a malformed override file' {
        New-Item -ItemType Directory -Path $env:LLM_TELEMETRY_CONFIG_DIR -Force | Out-Null
        $file = Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'models.json'
        Set-Content -Path $file -Value '{ "models": [ { "id": "mine", "prices": [ { "input": 1, '
        { Set-LlmModelPrice haiku 1 2 -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'SetLlmModelPriceInvalidConfiguration,LlmTelemetry.Commands.SetLlmModelPriceCommand'
        Get-Content $file -Raw | Should -Match '"mine"'
    }

    It 'reads an override file saved with a byte order mark' {
        New-Item -ItemType Directory -Path $env:LLM_TELEMETRY_CONFIG_DIR -Force | Out-Null
        $json = '{ "models": [ { "id": "house-bom", "provider": "local", "prices": [ { "input": 1, "output": 2 } ] } ] }'
        [System.IO.File]::WriteAllText((Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'models.json'), $json, [System.Text.UTF8Encoding]::new($true))
        (Get-LlmModel house-bom -WarningVariable warnings).OutputPerMillion | Should -Be 2
        $warnings | Should -BeNullOrEmpty
    }

    It 'rejects a negative rate at binding' {
        { Set-LlmModelPrice haiku -1 2 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,LlmTelemetry.Commands.SetLlmModelPriceCommand'
    }

    It 'writes nothing with -WhatIf' {
        Set-LlmModelPrice haiku 9 9 -WhatIf
        Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'models.json' | Should -Not -Exist
        (Get-LlmModel haiku).InputPerMillion | Should -Be 1
    }

    It 'takes the rows of a price sheet by property name' {
        $sheet = Join-Path $TestDrive 'prices.csv'
        @(
            [pscustomobject]@{ Model = 'house-a'; InputPerMillion = 1; OutputPerMillion = 2; Provider = 'local' }
            [pscustomobject]@{ Model = 'house-b'; InputPerMillion = 3; OutputPerMillion = 4; Provider = 'local' }
        ) | Export-Csv $sheet -NoTypeInformation
        $set = @(Import-Csv $sheet | Set-LlmModelPrice -PassThru)
        $set.Count | Should -Be 2
        (Get-LlmModel -Provider local | Group-Object Provider).Count | Should -Be 2
        (Get-LlmModel house-b).OutputPerMillion | Should -Be 4
    }
}

Describe 'Import-LlmModelPrice' {
    BeforeEach {
        $script:Store = Use-LlmtTestStore
        $script:LiteLlm = New-LlmtLiteLlmFile
    }

    It 'reports what an import would change with -WhatIf and writes nothing' {
        $result = Import-LlmModelPrice $LiteLlm -WhatIf
        $result | Should -BeOfType ([LlmTelemetry.LlmModelPriceImportResult])
        $result.DryRun | Should -BeTrue
        $result.Added | Should -Be 1
        $result.Changed | Should -Be 1
        $result.Skipped | Should -Be 2
        Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'models.json' | Should -Not -Exist
        Get-LlmModel acme/new-chat-1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'imports new and changed chat models into the override file, once' {
        $result = Import-LlmModelPrice $LiteLlm
        $result.DryRun | Should -BeFalse
        $result.Added | Should -Be 1
        $result.Changed | Should -Be 1
        $result.OverridesPath | Should -Be (Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'models.json')
        (Get-LlmModel acme/new-chat-1).InputPerMillion | Should -Be 1.5
        (Get-LlmModel claude-sonnet-4-5).InputPerMillion | Should -Be 4

        $again = Import-LlmModelPrice $LiteLlm
        $again.Added | Should -Be 0
        $again.Changed | Should -Be 0
    }

    It 'takes a file piped from Get-Item and logs to CSV' {
        $log = Join-Path $TestDrive 'imports.csv'
        Get-Item $LiteLlm | Import-LlmModelPrice | Export-Csv $log -NoTypeInformation
        (Import-Csv $log).Added | Should -Be '1'
    }

    It 'reports a missing file with a stable error id' {
        { Import-LlmModelPrice (Join-Path $TestDrive 'missing.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ImportLlmModelPriceFileNotFound,LlmTelemetry.Commands.ImportLlmModelPriceCommand'
    }

    It 'reports a file that is not a LiteLLM price file with a stable error id' {
        $bad = Join-Path $TestDrive 'bad.json'
        Set-Content $bad '[1, 2, 3]'
        { Import-LlmModelPrice $bad } |
            Should -Throw -ErrorId 'ImportLlmModelPriceImportFailed,LlmTelemetry.Commands.ImportLlmModelPriceCommand'
    }
}

Describe 'Model completion' {
    BeforeEach { $script:Store = Use-LlmtTestStore }

    It 'completes -Name of Get-LlmModel from registry ids and aliases' {
        Get-LlmtCompletion 'Get-LlmModel -Name claude-haiku-4' | Should -Contain 'claude-haiku-4-5'
        Get-LlmtCompletion 'Invoke-LlmChat -Model sonn' | Should -Contain 'sonnet'
        Get-LlmtCompletion 'Set-LlmModelPrice -Model gpt-4o-mi' | Should -Contain 'gpt-4o-mini'
    }

    It 'completes -Model of Get-LlmTelemetry from the store, then the registry' {
        Write-LlmTelemetry -Model zz-house-model -InputTokens 1
        Get-LlmtCompletion 'Get-LlmTelemetry -Model zz' | Should -Contain 'zz-house-model'
        Get-LlmtCompletion 'Get-LlmTelemetry -Model gpt-4o-mi' | Should -Contain 'gpt-4o-mini'
    }
}
