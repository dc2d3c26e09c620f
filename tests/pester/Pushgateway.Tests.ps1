BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
}

AfterAll { Restore-LlmtEnvironment }

Describe 'The Pushgateway push after each recorded call (LLM_PUSHGATEWAY_URL)' {
    BeforeEach {
        $script:Store = Use-LlmtTestStore
        # Bound and listening, never accepting: the connection is made by the kernel, no answer ever comes.
        $script:Silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $script:Silent.Start()
        $script:Url = "http://127.0.0.1:$($script:Silent.LocalEndpoint.Port)"
        $env:LLM_PUSHGATEWAY_URL = $script:Url
    }

    AfterEach { $script:Silent.Stop() }

    It 'warns naming the URL when the gateway does not answer, and keeps the call' {
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $stored = Write-LlmTelemetry -Model claude-sonnet-4-5 -Provider anthropic -InputTokens 100 -OutputTokens 20 -DurationMs 500 -CostUsd 0.01 -Agent pester-push -WarningVariable warnings -WarningAction SilentlyContinue -PassThru
        # A hang guard, not a timing: the bound is 200 ms.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "*$($script:Url)*"
        "$($warnings[0])" | Should -BeLike '*LLM_PUSHGATEWAY_URL*'
        (Get-LlmTelemetry -Days 1 | Where-Object Id -eq $stored.Id) | Should -Not -BeNullOrEmpty
    }

    It 'lists the three settings with the URL from the environment' {
        $url = Get-LlmTelemetryConfig PushgatewayUrl
        $url.Value | Should -Be $script:Url
        $url.Source | Should -Be 'Environment'
        (Get-LlmTelemetryConfig PushgatewayTimeoutMs).Value | Should -Be 200
        (Get-LlmTelemetryConfig PushgatewayJob).Value | Should -Be 'llm_telemetry'
    }
}
