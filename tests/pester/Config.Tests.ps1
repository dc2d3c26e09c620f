BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Get-LlmTelemetryConfig and Set-LlmTelemetryConfig' {
    BeforeEach {
        $script:Store = Use-LlmtTestStore
        $script:ConfigFile = Join-Path $env:LLM_TELEMETRY_CONFIG_DIR 'config.json'
    }

    It 'lists every setting with its value, source and origin' {
        $settings = @(Get-LlmTelemetryConfig)
        $settings.Name | Should -Be @('StorageEnabled', 'Directory', 'RetentionDays', 'MaxSizeMB', 'HistoryDays', 'HistoryMaxSizeMB', 'StorePrompts', 'StoreResponses', 'PushgatewayUrl', 'PushgatewayJob', 'PushgatewayTimeoutMs')
        $settings[0] | Should -BeOfType ([LlmTelemetry.LlmConfigSetting])
        $directory = $settings | Where-Object Name -eq 'Directory'
        $directory.Source | Should -Be 'Environment'
        $directory.Origin | Should -Be 'LLM_TELEMETRY_DIR'
        ($settings | Where-Object Name -eq 'StorePrompts').Source | Should -Be 'Default'
        $history = $settings | Where-Object Name -eq 'HistoryDays'
        $history.Value | Should -Be 730
        $history.Source | Should -Be 'Default'
        $history.Variable | Should -Be 'LLM_HISTORY_DAYS'
        $cap = $settings | Where-Object Name -eq 'HistoryMaxSizeMB'
        $cap.Value | Should -Be 50
        $cap.Variable | Should -Be 'LLM_HISTORY_MAX_SIZE_MB'
    }

    It 'persists -HistoryDays (0 keeps history forever) and -HistoryMaxSizeMB, and the variables win over them' {
        Set-LlmTelemetryConfig -HistoryDays 0 -HistoryMaxSizeMB 20
        $saved = Get-Content $ConfigFile -Raw | ConvertFrom-Json
        $saved.history_days | Should -Be 0
        $saved.history_max_size_mb | Should -Be 20
        $history = Get-LlmTelemetryConfig HistoryDays
        $history.Value | Should -Be 0
        $history.Source | Should -Be 'ConfigFile'
        (Get-LlmTelemetryConfig HistoryMaxSizeMB).Value | Should -Be 20
        $env:LLM_HISTORY_DAYS = '365'
        $history = Get-LlmTelemetryConfig HistoryDays
        $history.Value | Should -Be 365
        $history.Origin | Should -Be 'LLM_HISTORY_DAYS'
        # The file keeps what was set; the other settings are untouched.
        Set-LlmTelemetryConfig -HistoryDays 90
        (Get-LlmTelemetryConfig HistoryMaxSizeMB).Value | Should -Be 20
    }

    It 'refuses history values the core refuses, naming the parameter, and writes nothing (-WhatIf too)' {
        { Set-LlmTelemetryConfig -HistoryDays -1 } |
            Should -Throw -ErrorId 'SetLlmTelemetryConfigInvalidHistoryDays,LlmTelemetry.Commands.SetLlmTelemetryConfigCommand' -ExpectedMessage '*HistoryDays*0 (forever)*'
        { Set-LlmTelemetryConfig -HistoryMaxSizeMB 0 -WhatIf } |
            Should -Throw -ErrorId 'SetLlmTelemetryConfigInvalidHistoryMaxSizeMB,LlmTelemetry.Commands.SetLlmTelemetryConfigCommand'
        Test-Path $ConfigFile | Should -BeFalse
    }

    It 'names LLM_HISTORY_DAYS when its value is not valid' {
        $env:LLM_HISTORY_DAYS = 'forever'
        { Get-LlmTelemetryConfig } |
            Should -Throw -ErrorId 'GetLlmTelemetryConfigInvalidConfiguration,LlmTelemetry.Commands.GetLlmTelemetryConfigCommand' -ExpectedMessage "environment variable LLM_HISTORY_DAYS='forever' is not valid*"
    }

    It 'persists settings to the config file and shows them as coming from it' {
        Set-LlmTelemetryConfig -MaxSizeMB 500 -StorePrompts:$false -StoreResponses
        Test-Path $ConfigFile | Should -BeTrue
        $max = Get-LlmTelemetryConfig MaxSizeMB
        $max.Value | Should -Be 500
        $max.Source | Should -Be 'ConfigFile'
        $max.Origin | Should -Be $ConfigFile
        (Get-LlmTelemetryConfig StoreResponses).Value | Should -BeTrue
        (Get-LlmTelemetryConfig StorePrompts).Source | Should -Be 'ConfigFile'
    }

    It 'keeps the values it is not given' {
        Set-LlmTelemetryConfig -MaxSizeMB 250
        Set-LlmTelemetryConfig -StorePrompts
        (Get-LlmTelemetryConfig MaxSizeMB).Value | Should -Be 250
        (Get-LlmTelemetryConfig StorePrompts).Value | Should -BeTrue
    }

    It 'lets an environment variable win over the file and says so' {
        Set-LlmTelemetryConfig -RetentionDays 180
        $retention = Get-LlmTelemetryConfig RetentionDays
        $retention.Value | Should -Be 3650
        $retention.Source | Should -Be 'Environment'
        $env:LLM_RETENTION_DAYS = $null
        (Get-LlmTelemetryConfig RetentionDays).Value | Should -Be 180
    }

    It 'turns storage off so writes are not stored' {
        Set-LlmTelemetryConfig -StorageEnabled:$false
        Write-LlmTelemetry -Model m -CostUsd 0
        @(Get-LlmTelemetry).Count | Should -Be 0
    }

    It 'filters by name with wildcards and exports to CSV' {
        $file = Join-Path $TestDrive 'settings.csv'
        Get-LlmTelemetryConfig Store* | Export-Csv $file -NoTypeInformation
        (Import-Csv $file).Name | Should -Be @('StorePrompts', 'StoreResponses')
        (Get-LlmTelemetryConfig | Group-Object Source).Name | Should -Contain 'Default'
    }

    It 'returns the effective settings with -PassThru' {
        $after = Set-LlmTelemetryConfig -MaxSizeMB 42 -PassThru
        ($after | Where-Object Name -eq 'MaxSizeMB').Value | Should -Be 42
    }

    It 'writes nothing with -WhatIf' {
        Set-LlmTelemetryConfig -RetentionDays 5 -WhatIf
        Test-Path $ConfigFile | Should -BeFalse
    }

    It 'rejects out-of-range values at binding' {
        { Set-LlmTelemetryConfig -RetentionDays 0 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,LlmTelemetry.Commands.SetLlmTelemetryConfigCommand'
    }

    It 'names the environment variable, not a parameter, when its value is out of range' {
        $env:LLM_RETENTION_DAYS = '0'
        { Get-LlmTelemetryConfig } |
            Should -Throw -ErrorId 'GetLlmTelemetryConfigInvalidConfiguration,LlmTelemetry.Commands.GetLlmTelemetryConfigCommand' -ExpectedMessage "environment variable LLM_RETENTION_DAYS='0' is not valid*"
    }

    It 'reports a malformed environment variable with a stable error id' {
        $env:LLM_STORE_PROMPTS = 'maybe'
        { Get-LlmTelemetryConfig } |
            Should -Throw -ErrorId 'GetLlmTelemetryConfigInvalidConfiguration,LlmTelemetry.Commands.GetLlmTelemetryConfigCommand'
    }
}
