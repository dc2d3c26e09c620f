BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    . (Join-Path $PSScriptRoot 'FakeLlmServer.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment

    # The shared fixtures sit beside the repository: <repo>/../shared/fixtures.
    $script:Completion = Get-Content (Join-Path $PSScriptRoot '../../../shared/fixtures/api/openai-chat-completion.json') -Raw
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Invoke-LlmChat' {
    BeforeEach {
        $script:Store = Use-LlmtTestStore
        $script:Server = $null
    }

    AfterEach { Stop-LlmtFakeServer $Server }

    It 'answers from an OpenAI-compatible server and records the call with its cost' {
        $script:Server = Start-LlmtFakeServer @(@{ Body = $Completion })
        $r = Invoke-LlmChat 'Hello' -Model gpt-5.4 -Provider OpenAICompatible -BaseUri $Server.Uri -Agent greeter -Operation hello -Session s1
        $r | Should -BeOfType ([LlmTelemetry.LlmChatResponse])
        $r.Content | Should -Be 'Hello! How can I assist you today?'
        $r.Model | Should -Be 'gpt-5.4'
        $r.Provider | Should -Be 'OpenAICompatible'
        $r.InputTokens | Should -Be 19
        $r.OutputTokens | Should -Be 10
        $r.FinishReason | Should -Be 'stop'
        # gpt-5.4: $2.50 in, $15 out per million tokens.
        [math]::Round($r.CostUsd, 10) | Should -Be 0.0001975

        $requests = @($Server.Requests.ToArray())
        $requests.Count | Should -Be 1
        $requests[0].Path | Should -Be '/v1/chat/completions'

        $record = Get-LlmTelemetry
        $record.Id | Should -Be $r.Id
        $record.Success | Should -BeTrue
        $record.Agent | Should -Be 'greeter'
        $record.Operation | Should -Be 'hello'
        $record.Session | Should -Be 's1'
        $record.Source | Should -Be 'Invoke-LlmChat'
        $record.CostUsd | Should -Be $r.CostUsd
    }

    It 'shows a warning the store raises while recording the call, which happens off the pipeline thread' {
        $script:Server = Start-LlmtFakeServer @(@{ Body = $Completion })
        # A folder where the maintenance marker goes makes the automatic clean-up after the append fail: the store
        # warns from the thread that records the call, and the warning must still reach the pipeline.
        New-Item -ItemType Directory -Path (Join-Path $Store '.maintenance') -Force | Out-Null
        $r = Invoke-LlmChat 'Hello' -Model gpt-5.4 -Provider OpenAICompatible -BaseUri $Server.Uri -WarningVariable warnings -WarningAction SilentlyContinue
        $r.Content | Should -Be 'Hello! How can I assist you today?'
        @($warnings | Where-Object { "$_" -like 'automatic maintenance failed:*' }).Count | Should -Be 1
        (Get-LlmTelemetry).Id | Should -Be $r.Id
    }

    It 'makes one call per piped prompt and skips blank lines' {
        $script:Server = Start-LlmtFakeServer @(@{ Body = $Completion }, @{ Body = $Completion })
        $questions = Join-Path $TestDrive 'questions.txt'
        Set-Content $questions -Value 'first question', '', 'second question'
        $answers = @(Get-Content $questions | Invoke-LlmChat -Model gpt-5.4 -BaseUri $Server.Uri -Agent faq -WarningVariable warnings -WarningAction SilentlyContinue)
        $answers.Count | Should -Be 2
        $warnings.Count | Should -Be 1
        (Get-LlmtRequestBodies $Server | ForEach-Object { $_.messages[-1].content }) | Should -Be @('first question', 'second question')
        (Get-LlmTelemetry -Agent faq | Measure-LlmCost).Calls | Should -Be 2
    }

    It 'sends the system prompt, the earlier turns and the prompt in order' {
        $script:Server = Start-LlmtFakeServer @(@{ Body = $Completion })
        $history = @(
            @{ role = 'user'; content = 'Name a prime number.' }
            @{ Role = 'Assistant'; Content = '7' }
        )
        Invoke-LlmChat 'And the next one?' -System 'Answer briefly.' -Messages $history -Model gpt-5.4 -BaseUri $Server.Uri -MaxTokens 50 -Temperature 0.2 | Out-Null
        $body = Get-LlmtRequestBodies $Server
        $body.messages.role | Should -Be @('system', 'user', 'assistant', 'user')
        $body.messages[-1].content | Should -Be 'And the next one?'
        $body.temperature | Should -Be 0.2
    }

    It 'reads -Provider by the CLI''s rule: openai-compatible with its dash, any case' {
        $script:Server = Start-LlmtFakeServer @(@{ Body = $Completion })
        (Invoke-LlmChat 'Hello' -Model gpt-5.4 -Provider openai-compatible -BaseUri $Server.Uri).Provider | Should -Be 'OpenAICompatible'
    }

    It 'refuses an unknown -Provider or a blank -Model naming the parameter, before any call' {
        { Invoke-LlmChat 'Hello' -Provider bogus } | Should -Throw -ErrorId 'InvokeLlmChatInvalidProvider,LlmTelemetry.Commands.InvokeLlmChatCommand'
        { Invoke-LlmChat 'Hello' -Provider bogus } | Should -Throw '*invalid Provider: expected anthropic, openai, openrouter or openai-compatible*'
        { Invoke-LlmChat 'Hello' -Model ' ' } | Should -Throw -ErrorId 'InvokeLlmChatInvalidModel,LlmTelemetry.Commands.InvokeLlmChatCommand'
        Get-LlmTelemetry | Should -BeNullOrEmpty
    }

    It 'completes -Provider from the names the core reads' {
        (TabExpansion2 -inputScript 'Invoke-LlmChat -Provider openai' -cursorColumn 31).CompletionMatches.CompletionText |
            Should -Be @('openai', 'openai-compatible')
    }

    It 'rejects a bad -Messages entry naming it, before any call' {
        { Invoke-LlmChat 'x' -Messages @(@{ role = 'user'; content = 'ok' }, @{ role = 'robot'; content = 'beep' }) -Model gpt-5.4 -BaseUri 'http://127.0.0.1:9/v1' } |
            Should -Throw -ErrorId 'InvokeLlmChatInvalidMessage,LlmTelemetry.Commands.InvokeLlmChatCommand' -ExpectedMessage '*entry 1*robot*'
        { Invoke-LlmChat 'x' -Messages @(@{ text = 'no role' }) -Model gpt-5.4 -BaseUri 'http://127.0.0.1:9/v1' } |
            Should -Throw -ErrorId 'InvokeLlmChatInvalidMessage,LlmTelemetry.Commands.InvokeLlmChatCommand'
        @(Get-LlmTelemetry).Count | Should -Be 0
    }

    It 'says which environment variable to set when the key is missing, and records the failed call' {
        $err = { Invoke-LlmChat 'Hello' -Model gpt-4o-mini -Provider OpenAI } |
            Should -Throw -ErrorId 'InvokeLlmChatMissingApiKey,LlmTelemetry.Commands.InvokeLlmChatCommand' -PassThru
        $err.Exception.Message | Should -Match 'OPENAI_API_KEY'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record = Get-LlmTelemetry
        $record.Success | Should -BeFalse
        $record.Error | Should -Match 'OPENAI_API_KEY'
    }

    It 'reports an HTTP 400 as a provider error for that prompt and records it as failed' {
        $script:Server = Start-LlmtFakeServer @(@{ Status = 400; Body = '{"error":{"message":"model not found","type":"invalid_request_error"}}' })
        Invoke-LlmChat 'Hello' -Model no-such -BaseUri $Server.Uri -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvokeLlmChatProviderError,LlmTelemetry.Commands.InvokeLlmChatCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        @($Server.Requests.ToArray()).Count | Should -Be 1
        (Get-LlmTelemetry).Error | Should -Match '400'
    }

    It 'retries a 429 and shows each attempt in verbose output' {
        $script:Server = Start-LlmtFakeServer @(
            @{ Status = 429; Body = '{"error":{"message":"slow down"}}'; Headers = @{ 'Retry-After' = '0' } }
            @{ Body = $Completion })
        $out = Invoke-LlmChat 'Hello' -Model gpt-5.4 -BaseUri $Server.Uri -MaxRetries 2 -Verbose 4>&1
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        ($out | Where-Object { $_ -is [LlmTelemetry.LlmChatResponse] }).Content | Should -Be 'Hello! How can I assist you today?'
        ($verbose -match 'attempt 1') | Should -Not -BeNullOrEmpty
        ($verbose -match 'attempt 2') | Should -Not -BeNullOrEmpty
        @(Get-LlmTelemetry).Count | Should -Be 1
    }

    It 'streams the answer and still writes the object' {
        $chunks = @(
            'data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-5.4","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}'
            'data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-5.4","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}'
            'data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-5.4","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}'
            'data: [DONE]'
        ) -join "`n`n"
        $script:Server = Start-LlmtFakeServer @(@{ Body = $chunks + "`n`n"; ContentType = 'text/event-stream' })
        $r = Invoke-LlmChat 'Hi' -Model gpt-5.4 -BaseUri $Server.Uri -Stream
        $r.Content | Should -Be 'Hello'
        $r.OutputTokens | Should -Be 2
        (Get-LlmtRequestBodies $Server).stream | Should -BeTrue
    }

    It 'gives up after -TimeoutSec with a timeout error and records it' {
        $script:Server = Start-LlmtFakeServer @(@{ Body = $Completion; DelayMs = 4000 })
        $err = { Invoke-LlmChat 'Hello' -Model gpt-5.4 -BaseUri $Server.Uri -TimeoutSec 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvokeLlmChatTimeout,LlmTelemetry.Commands.InvokeLlmChatCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        (Get-LlmTelemetry).Error | Should -Match '^timeout'
    }

    It 'stops at once when the pipeline is stopped and records the call as cancelled' {
        $script:Server = Start-LlmtFakeServer @(@{ Body = $Completion; DelayMs = 20000 })
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($Module, $Uri)
            Import-Module $Module
            Invoke-LlmChat 'Hello' -Model gpt-5.4 -BaseUri $Uri
        }).AddArgument((Get-LlmtModulePath)).AddArgument($Server.Uri)
        $handle = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ($Server.Requests.IsEmpty -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $Server.Requests.IsEmpty | Should -BeFalse
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $ps.Dispose()
        $record = Get-LlmTelemetry
        $record.Success | Should -BeFalse
        $record.Error | Should -Be 'cancelled'
    }

    It 'never shows or stores the API key' {
        $key = 'sk-test-secret-0123456789abcdefghij'
        $env:OPENAI_COMPATIBLE_API_KEY = $key
        $script:Server = Start-LlmtFakeServer @(@{ Status = 401; Body = "{`"error`":{`"message`":`"Incorrect API key provided: $key`"}}" })
        $out = Invoke-LlmChat 'Hello' -Model gpt-5.4 -BaseUri $Server.Uri -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1 | Out-String
        @($Server.Requests.ToArray())[0].Authorization | Should -Be "Bearer $key"
        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        ($failures | Out-String) | Should -Not -Match $key
        $out | Should -Not -Match $key
        (Get-ChildItem $Store -Recurse -File | Get-Content -Raw) -join '' | Should -Not -Match $key
    }

    It 'exports the answers of several prompts as CSV rows' {
        $script:Server = Start-LlmtFakeServer @(@{ Body = $Completion }, @{ Body = $Completion })
        $csv = Join-Path $TestDrive 'answers.csv'
        'a', 'b' | Invoke-LlmChat -Model gpt-5.4 -BaseUri $Server.Uri | Export-Csv $csv -NoTypeInformation
        $rows = @(Import-Csv $csv)
        $rows.Count | Should -Be 2
        $rows[0].PSObject.Properties.Name | Should -Contain 'CostUsd'
    }
}
