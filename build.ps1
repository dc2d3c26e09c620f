#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, documents and packages the LlmTelemetry PowerShell module.
.DESCRIPTION
    Build    dotnet publish of src/LlmTelemetry.PowerShell, laid out as out/LlmTelemetry/ (manifest stamped with
             Directory.Build.props' VersionPrefix, the dlls, the format file and en-US help).
    Test     Build, then dotnet test (core and contract tests), then Pester 5 on tests/pester against
             out/LlmTelemetry, writing out/TestResults/pester.xml (NUnit).
    Docs     PlatyPS: docs/en-US markdown to out/LlmTelemetry/en-US/LlmTelemetry.dll-Help.xml (and about_ topics).
    Package  Build, then a .nupkg in out/packages publishable to the PowerShell Gallery.
.EXAMPLE
    pwsh -NoProfile -File build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Lay out the module without compiling help (no platyPS needed, e.g. offline).
    [switch] $SkipHelp,

    # Run only Pester in -Task Test (.ci/run has already run dotnet test on the whole solution).
    [switch] $SkipDotnetTest
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Tool versions are pinned: a new Pester or platyPS major changes behaviour under us.
$PesterVersion = '5.7.1'
$PlatyPSVersion = '0.14.2'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'LlmTelemetry'
$Project = Join-Path $Root 'src/LlmTelemetry.PowerShell/LlmTelemetry.PowerShell.csproj'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    Write-Host "> $File $($Arguments -join ' ')" -ForegroundColor DarkGray
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File exited with $LASTEXITCODE" }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content (Join-Path $Root 'Directory.Build.props') -Raw)
    $version = @($props.Project.PropertyGroup | ForEach-Object { $_.SelectSingleNode('VersionPrefix') } | Where-Object { $_ })[0].InnerText
    if (-not $version) { throw 'VersionPrefix not found in Directory.Build.props' }
    $version
}

function Install-PinnedModule {
    param([string] $Name, [string] $Version)
    if (Get-Module -ListAvailable -Name $Name | Where-Object { $_.Version -eq [version]$Version }) { return }
    Write-Host "Installing $Name $Version for the current user" -ForegroundColor Cyan
    if (Get-Command Install-PSResource -ErrorAction SilentlyContinue) {
        Install-PSResource -Name $Name -Version $Version -Scope CurrentUser -TrustRepository -Quiet
    }
    else {
        Install-Module -Name $Name -RequiredVersion $Version -Scope CurrentUser -Force -SkipPublisherCheck -AllowClobber
    }
}

function Invoke-Build {
    $version = Get-ModuleVersion
    $publish = Join-Path $Out "publish/$Configuration"
    Invoke-Native dotnet @('publish', $Project, '-c', $Configuration, '-o', $publish, '--nologo')

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleOut | Out-Null
    # PowerShell supplies System.Management.Automation; everything else the module needs ships beside it.
    Get-ChildItem $publish -Filter *.dll | Where-Object Name -ne 'System.Management.Automation.dll' |
        Copy-Item -Destination $ModuleOut
    Copy-Item (Join-Path $Root 'src/LlmTelemetry.PowerShell/LlmTelemetry.format.ps1xml') $ModuleOut
    $manifest = Get-Content (Join-Path $Root 'LlmTelemetry.psd1') -Raw
    $manifest = $manifest -replace "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", "`${1}'$version'"
    Set-Content -Path (Join-Path $ModuleOut 'LlmTelemetry.psd1') -Value $manifest -Encoding utf8NoBOM
    Test-ModuleManifest (Join-Path $ModuleOut 'LlmTelemetry.psd1') | Out-Null

    if (-not $SkipHelp) { Invoke-Docs }
    Write-Host "Module $version laid out in $ModuleOut" -ForegroundColor Green
}

function Invoke-Docs {
    Install-PinnedModule -Name platyPS -Version $PlatyPSVersion
    Import-Module platyPS -RequiredVersion $PlatyPSVersion -Force
    $help = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Path $help -Force | Out-Null
    # Produces LlmTelemetry.dll-Help.xml (the front matter's "external help file") and about_*.help.txt.
    New-ExternalHelp -Path (Join-Path $Root 'docs/en-US') -OutputPath $help -Force | Out-Null
    Write-Host "Help compiled into $help" -ForegroundColor Green
}

function Invoke-Test {
    if (-not $SkipDotnetTest) {
        Invoke-Native dotnet @('test', (Join-Path $Root 'LlmTelemetry.slnx'), '-c', $Configuration, '--nologo')
    }

    Install-PinnedModule -Name Pester -Version $PesterVersion
    $results = Join-Path $Out 'TestResults'
    New-Item -ItemType Directory -Path $results -Force | Out-Null
    $resultFile = Join-Path $results 'pester.xml'
    # A child process, so the module's dll is not left loaded (and locked) in this session.
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module Pester -RequiredVersion $PesterVersion
`$env:LLMT_MODULE_MANIFEST = '$(Join-Path $ModuleOut 'LlmTelemetry.psd1')'
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $Root 'tests/pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputFormat = 'NUnitXml'
`$config.TestResult.OutputPath = '$resultFile'
`$result = Invoke-Pester -Configuration `$config
if (`$result.FailedCount -gt 0 -or `$result.Result -ne 'Passed') { exit 1 }
"@
    $pwsh = (Get-Process -Id $PID).Path
    Invoke-Native $pwsh @('-NoProfile', '-NonInteractive', '-Command', $script)
    Write-Host "Pester results: $resultFile" -ForegroundColor Green
}

function Invoke-Package {
    $packages = Join-Path $Out 'packages'
    New-Item -ItemType Directory -Path $packages -Force | Out-Null
    $repository = 'LlmTelemetryLocal'
    if (Get-Command Publish-PSResource -ErrorAction SilentlyContinue) {
        if (-not (Get-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue)) {
            Register-PSResourceRepository -Name $repository -Uri $packages -Trusted
        }
        try { Publish-PSResource -Path $ModuleOut -Repository $repository }
        finally { Unregister-PSResourceRepository -Name $repository }
    }
    else {
        if (-not (Get-PSRepository -Name $repository -ErrorAction SilentlyContinue)) {
            Register-PSRepository -Name $repository -SourceLocation $packages -PublishLocation $packages -InstallationPolicy Trusted
        }
        try { Publish-Module -Path $ModuleOut -Repository $repository }
        finally { Unregister-PSRepository -Name $repository }
    }
    Get-ChildItem $packages -Filter 'LlmTelemetry.*.nupkg' | ForEach-Object { Write-Host "Package: $($_.FullName)" -ForegroundColor Green }
}

foreach ($step in $Task) {
    switch ($step) {
        'Build' { Invoke-Build }
        'Docs' { if (-not (Test-Path $ModuleOut)) { Invoke-Build } else { Invoke-Docs } }
        'Test' { Invoke-Build; Invoke-Test }
        'Package' { Invoke-Build; Invoke-Package }
    }
}
