# Shared by the *.Tests.ps1 files (dot-sourced in BeforeAll): a store under $TestDrive with a known data set,
# and the environment saved and restored so that no test touches the user's real store or config.

$script:LlmtVariables = 'LLM_TELEMETRY_DIR', 'LLM_TELEMETRY_CONFIG_DIR', 'LLM_TELEMETRY_STORAGE', 'LLM_RETENTION_DAYS',
    'LLM_STORAGE_MAX_SIZE_MB', 'LLM_HISTORY_DAYS', 'LLM_HISTORY_MAX_SIZE_MB', 'LLM_STORE_PROMPTS', 'LLM_STORE_RESPONSES', 'LLM_SESSION_ID', 'NO_COLOR', 'LLM_TEAM_SALT', 'LLM_CLICKHOUSE_PASSWORD',
    'LLM_PUSHGATEWAY_URL', 'LLM_PUSHGATEWAY_JOB', 'LLM_PUSHGATEWAY_TIMEOUT_MS',
    'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'OPENROUTER_API_KEY', 'OPENAI_COMPATIBLE_API_KEY'

function Get-LlmtModulePath {
    if ($env:LLMT_MODULE_MANIFEST) { return $env:LLMT_MODULE_MANIFEST }
    Join-Path $PSScriptRoot '../../out/LlmTelemetry/LlmTelemetry.psd1'
}

function Save-LlmtEnvironment {
    $script:LlmtSaved = @{}
    foreach ($name in $script:LlmtVariables) { $script:LlmtSaved[$name] = [Environment]::GetEnvironmentVariable($name) }
}

function Restore-LlmtEnvironment {
    foreach ($entry in $script:LlmtSaved.GetEnumerator()) { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
}

# Points every setting at a fresh folder under $TestDrive and returns the store root. Retention is long so the
# automatic daily maintenance on write never deletes the back-dated test records.
function Use-LlmtTestStore {
    $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    foreach ($name in $script:LlmtVariables) { [Environment]::SetEnvironmentVariable($name, $null) }
    $env:LLM_TELEMETRY_DIR = Join-Path $root 'store'
    $env:LLM_TELEMETRY_CONFIG_DIR = Join-Path $root 'config'
    $env:LLM_RETENTION_DAYS = '3650'
    $env:LLM_TELEMETRY_DIR
}

# Known records, at UTC times relative to today:
#   5 llm_call events (4 priced, total $0.33; 1 unpriced), 1 failed, plus 1 session_start event.
#   Within -Days 7 -TimeZone UTC: 4 calls, $0.31.
# With -Local the times are relative to the computer's local today instead, so that commands run as a user types them
# (local days, no -TimeZone) see the same counts in every time zone: within -Days 7, 4 calls, $0.31; -Days 1, the 3
# calls of today (one failed).
function Add-LlmtTestData {
    param([switch] $Local)
    $today = if ($Local) { [DateTime]::Today } else { [DateTime]::UtcNow.Date }
    Write-LlmTelemetry -EventType SessionStart -Agent doc-finder -Session s1 -Project alpha -User ann -Payload @{ cwd = '/work' } -Timestamp $today.AddMinutes(30)
    Write-LlmTelemetry -Model claude-sonnet-4-5 -Provider anthropic -InputTokens 1000 -OutputTokens 200 -DurationMs 1200 -Agent doc-finder -Operation search -Session s1 -Project alpha -User ann -CostUsd 0.25 -Timestamp $today.AddHours(1)
    Write-LlmTelemetry -Model claude-haiku-4-5 -Provider anthropic -InputTokens 500 -OutputTokens 100 -DurationMs 400 -Agent doc-finder -Operation summarize -Session s1 -Project alpha -User ann -CostUsd 0.05 -Timestamp $today.AddHours(2)
    Write-LlmTelemetry -Model gpt-4o-mini -Provider openai -InputTokens 300 -OutputTokens 50 -DurationMs 800 -Agent release-notes -Operation summarize -Session s2 -Project beta -User bob -CostUsd 0.01 -Success:$false -ErrorMessage 'rate limited' -Timestamp $today.AddHours(3)
    Write-LlmTelemetry -Model unpriced-model -Provider local -InputTokens 100 -OutputTokens 10 -DurationMs 2000 -Agent doc-finder -Operation search -Session s3 -Project beta -User bob -Timestamp $today.AddDays(-3).AddHours(10)
    Write-LlmTelemetry -Model claude-sonnet-4-5 -Provider anthropic -InputTokens 100 -OutputTokens 10 -DurationMs 100 -Agent old-agent -Operation search -Session s0 -Project alpha -User ann -CostUsd 0.02 -Timestamp $today.AddDays(-40).AddHours(10)
}

# IANA ids need .NET 6+ (PowerShell 7); Windows PowerShell knows Windows ids only.
function Get-LlmtTokyoZone {
    if ($PSVersionTable.PSEdition -eq 'Desktop') { 'Tokyo Standard Time' } else { 'Asia/Tokyo' }
}

# The module's cmdlets; a function so that both Pester's discovery and run phases can use it.
function Get-LlmtCmdletName {
    'Export-LlmTelemetry', 'Get-LlmBudget', 'Get-LlmCost', 'Get-LlmModel', 'Get-LlmStatus', 'Get-LlmTelemetry',
    'Get-LlmTelemetryConfig', 'Get-LlmUsageBlock', 'Get-LlmUsageStats', 'Import-LlmModelPrice', 'Import-LlmTelemetry',
    'Invoke-LlmChat', 'Measure-LlmCost', 'Register-LlmTelemetryRetention', 'Remove-LlmBudget', 'Remove-LlmTelemetry',
    'Send-LlmTelemetry', 'Set-LlmBudget', 'Set-LlmModelPrice', 'Set-LlmTelemetryConfig', 'Show-LlmTelemetry',
    'Unregister-LlmTelemetryRetention', 'Write-LlmStatus', 'Write-LlmTelemetry'
}

# Runs $Script in a new pwsh -NonInteractive with the module imported, and returns its output lines (host text such as
# "What if:" lines included) with $LASTEXITCODE set. The same pwsh as this one (global, .NET tool or package manager),
# and the environment of this process. -NonInteractive makes a prompt an error, so a test sees that one was asked.
function Invoke-LlmtPwsh([string] $Script) {
    $self = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $pwsh = if ([System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { @($self, (Join-Path $PSHOME 'pwsh.dll')) } else { @($self) }
    $full = "Import-Module '$(Get-LlmtModulePath)'; $Script"
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($full))
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" }
}
