# The module and the CLI on one store: the rules they share are the core's, so both front ends give the same answer.
# The CLI is built here (an up-to-date build is quick) and run as a real process with the same store.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:Store = Use-LlmtTestStore
    $repo = Join-Path $PSScriptRoot '../..'
    $project = Join-Path $repo 'src/LlmTelemetry.Cli/LlmTelemetry.Cli.csproj'
    & dotnet build $project -nologo -v q | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "dotnet build of the CLI failed (exit $LASTEXITCODE)" }
    $script:Cli = Get-ChildItem (Join-Path $repo 'src/LlmTelemetry.Cli/bin/Debug') -Recurse -Filter 'llm-telemetry.dll' | Select-Object -First 1 -ExpandProperty FullName

    # Runs the CLI on the test store; returns the parsed --json output (exit 0 required).
    function Invoke-LlmtCli {
        $output = & dotnet $script:Cli @args --dir $script:Store --json
        if ($LASTEXITCODE -ne 0) { throw "llm-telemetry $args exited $LASTEXITCODE" }
        $output | Out-String | ConvertFrom-Json
    }
}

AfterAll { Restore-LlmtEnvironment }

Describe 'The module and the CLI agree' {
    It 'on an end date alone: everything up to it, in both' {
        $today = [DateTime]::UtcNow.Date
        foreach ($age in 20, 12, 2) {
            Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 10 -OutputTokens 1 -Agent "age-$age" -Timestamp $today.AddDays(-$age).AddHours(10)
        }
        $until = $today.AddDays(-10)

        $module = @(Get-LlmTelemetry -End $until -TimeZone UTC)
        $cli = (Invoke-LlmtCli events --until $until.ToString('yyyy-MM-dd') --timezone UTC).events

        $module.Agent | Should -Be 'age-20', 'age-12'
        ($cli.agent_name | Sort-Object) | Should -Be ($module.Agent | Sort-Object)
        (Get-LlmUsageStats -End $until -TimeZone UTC).Calls | Should -Be (Invoke-LlmtCli stats --until $until.ToString('yyyy-MM-dd') --timezone UTC).calls
    }

    It 'on event types: SessionStart and session_start are one event type, stored as session_start by both' {
        Write-LlmTelemetry -EventType SessionStart -Session parity-a
        $cli = Invoke-LlmtCli record --model gpt-4o-mini --input-tokens 0 --output-tokens 0 --event-type SessionStart --session parity-b
        $cli.event_type | Should -Be 'session_start'

        $module = @(Get-LlmTelemetry -EventType session_start | Where-Object Session -like 'parity-*')
        $module.EventType | Should -Be 'session_start', 'session_start'
        foreach ($spelling in 'SessionStart', 'session_start') {
            $found = (Invoke-LlmtCli events --event-type $spelling).events | Where-Object session_id -like 'parity-*'
            @($found).Count | Should -Be 2
            @(Get-LlmTelemetry -EventType $spelling | Where-Object Session -like 'parity-*').Count | Should -Be 2
        }
    }

    It 'on a timestamp without a zone: UTC in both, in a process whose zone is not UTC; a local DateTime stays local' {
        # A child pwsh and the CLI in Tokyo (UTC+9 all year): in a UTC process, UTC and local time cannot be told apart.
        $script = "Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 1 -Agent ts-module -Timestamp '2026-11-20T23:30:00' -Path '$script:Store'; " +
            "Write-LlmTelemetry -Model gpt-4o-mini -InputTokens 1 -Agent ts-local -Timestamp ([datetime]::SpecifyKind([datetime]'2026-11-21T08:00:00', 'Local')) -Path '$script:Store'"
        $savedZone = $env:TZ
        $env:TZ = 'Asia/Tokyo'
        try {
            Invoke-LlmtPwsh $script | Out-Null
            $LASTEXITCODE | Should -Be 0
            $null = Invoke-LlmtCli record --model gpt-4o-mini --input-tokens 1 --output-tokens 0 --agent ts-cli --timestamp 2026-11-20T23:30:00
        }
        finally { $env:TZ = $savedZone }

        $utc = [datetime]'2026-11-20T23:30:00'
        (Get-LlmTelemetry -Agent ts-module -TimeZone UTC).Timestamp | Should -Be $utc
        (Get-LlmTelemetry -Agent ts-cli -TimeZone UTC).Timestamp | Should -Be $utc
        # 08:00 in Tokyo is 23:00 UTC the day before.
        (Get-LlmTelemetry -Agent ts-local -TimeZone UTC).Timestamp | Should -Be ([datetime]'2026-11-20T23:00:00')
    }
}
