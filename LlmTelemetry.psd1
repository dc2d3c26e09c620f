# Source copy of the module manifest. build.ps1 stamps ModuleVersion from Directory.Build.props' VersionPrefix
# into out/LlmTelemetry/LlmTelemetry.psd1; a contract test keeps this copy's version and cmdlet list in step.
@{
    RootModule           = 'LlmTelemetry.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5c0e6f7e-3a4b-4d8e-9a51-2f8c6d1b7e42'
    Author               = 'LlmTelemetry'
    CompanyName          = 'LlmTelemetry'
    Copyright            = '(c) LlmTelemetry contributors. All rights reserved.'
    Description          = 'Records every LLM call (tokens, cost, latency, success) to local JSON Lines files and reports cost and usage.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('LlmTelemetry.format.ps1xml')
    CmdletsToExport      = @(
        'Export-LlmTelemetry'
        'Get-LlmBudget'
        'Get-LlmCost'
        'Get-LlmModel'
        'Get-LlmStatus'
        'Get-LlmTelemetry'
        'Get-LlmTelemetryConfig'
        'Get-LlmUsageBlock'
        'Get-LlmUsageStats'
        'Import-LlmModelPrice'
        'Import-LlmTelemetry'
        'Invoke-LlmChat'
        'Measure-LlmCost'
        'Register-LlmTelemetryRetention'
        'Remove-LlmBudget'
        'Remove-LlmTelemetry'
        'Send-LlmTelemetry'
        'Set-LlmBudget'
        'Set-LlmModelPrice'
        'Set-LlmTelemetryConfig'
        'Show-LlmTelemetry'
        'Unregister-LlmTelemetryRetention'
        'Write-LlmStatus'
        'Write-LlmTelemetry'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('LLM', 'Telemetry', 'Cost', 'OpenAI', 'Anthropic', 'Claude', 'Tokens', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
        }
    }
}
