#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, documents and packages the LlmTelemetry PowerShell module.
.DESCRIPTION
    Build    dotnet publish of src/LlmTelemetry.PowerShell, laid out as out/LlmTelemetry/ (manifest stamped with
             Directory.Build.props' VersionPrefix, the dlls, the format file and en-US help).
    Test     Build, then dotnet test (core and contract tests), then Pester on tests/pester against
             out/LlmTelemetry in a child pwsh, writing out/TestResults/pester.xml (NUnit). Exits non-zero on any failure.
    Docs     docs/en-US markdown to out/LlmTelemetry/en-US/LlmTelemetry.dll-Help.xml and about_*.help.txt: with
             PlatyPS when it is installed, else with tools/help/HelpCompiler.ps1 (no PowerShell Gallery needed).
    Package  Build, then a .nupkg in out/packages publishable to the PowerShell Gallery.

    Nothing here needs the PowerShell Gallery: pwsh comes from the tool manifest (dotnet tool restore), Pester from
    NuGet through tools/pester/PesterDownload.csproj.
.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoProfile -File build.ps1 -Task Test
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
    [switch] $SkipDotnetTest,

    # Compile help with tools/help/HelpCompiler.ps1 even where PlatyPS is installed (to compare the two outputs).
    [switch] $NoPlatyPS
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

# The pinned Pester's manifest. An installed copy of that exact version wins; otherwise NuGet brings it (restore of
# tools/pester/PesterDownload.csproj) into the global packages folder, whose package keeps the module in tools/.
function Get-PesterManifest {
    $installed = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -eq [version]$PesterVersion } | Select-Object -First 1
    if ($installed) { return $installed.Path }
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tools/pester/PesterDownload.csproj'), "-p:PesterVersion=$PesterVersion", '--nologo', '-v', 'quiet')
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) {
        $line = (& dotnet nuget locals global-packages --list) -join "`n"
        if ($LASTEXITCODE -ne 0 -or $line -notmatch 'global-packages:\s*(.+)') { throw "dotnet nuget locals global-packages --list failed: $line" }
        $packages = $Matches[1].Trim()
    }
    $manifest = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $PesterVersion was restored, but $manifest does not exist" }
    $manifest
}

# How to start another process of the PowerShell running this script. (Get-Process -Id $PID).Path is not it when pwsh
# runs as a .NET tool: that process is dotnet, and pwsh.dll in $PSHOME is what it runs.
function Get-PwshCommand {
    $self = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $name = [System.IO.Path]::GetFileNameWithoutExtension($self)
    if ($name -in 'pwsh', 'powershell') { return , @($self) }
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ($name -eq 'dotnet' -and (Test-Path $dll)) { return , @($self, $dll) }
    foreach ($candidate in 'pwsh', 'pwsh.exe') {
        $apphost = Join-Path $PSHOME $candidate
        if (Test-Path $apphost -PathType Leaf) { return , @($apphost) }
    }
    throw "Cannot tell how to start PowerShell again: this process is $self and $PSHOME holds no pwsh"
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
    $help = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Path $help -Force | Out-Null
    $source = Join-Path $Root 'docs/en-US'
    $platyPS = Get-Module -ListAvailable -Name platyPS | Where-Object { $_.Version -eq [version]$PlatyPSVersion } | Select-Object -First 1
    if ($platyPS -and -not $NoPlatyPS) {
        Import-Module $platyPS.Path -Force
        # Produces LlmTelemetry.dll-Help.xml (the front matter's "external help file") and about_*.help.txt.
        New-ExternalHelp -Path $source -OutputPath $help -Force | Out-Null
        Write-Host "Help compiled by platyPS $PlatyPSVersion into $help" -ForegroundColor Green
    }
    else {
        # The same markdown, compiled to the same two kinds of file, without platyPS (not served everywhere).
        . (Join-Path $Root 'tools/help/HelpCompiler.ps1')
        $written = ConvertTo-LlmtExternalHelp -Path $source -OutputPath $help
        Write-Host "Help compiled by tools/help/HelpCompiler.ps1 into $help ($($written.Count) files)" -ForegroundColor Green
    }
}

function Invoke-Test {
    if (-not $SkipDotnetTest) {
        Invoke-Native dotnet @('test', (Join-Path $Root 'LlmTelemetry.slnx'), '-c', $Configuration, '--nologo')
    }

    $pester = Get-PesterManifest
    $results = Join-Path $Out 'TestResults'
    New-Item -ItemType Directory -Path $results -Force | Out-Null
    # A child process, so the module's dll is not left loaded (and locked) in this session. Paths go through the
    # environment rather than into the script text, so no quoting can break them.
    $env:LLMT_PESTER_MANIFEST = $pester
    $env:LLMT_MODULE_MANIFEST = Join-Path $ModuleOut 'LlmTelemetry.psd1'
    $env:LLMT_PESTER_TESTS = Join-Path $Root 'tests/pester'
    $env:LLMT_PESTER_RESULTS = $results
    $script = {
        $ErrorActionPreference = 'Stop'
        Import-Module $env:LLMT_PESTER_MANIFEST
        $config = New-PesterConfiguration
        $config.Run.Path = $env:LLMT_PESTER_TESTS
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Detailed'
        $config.TestResult.Enabled = $true
        $config.TestResult.OutputFormat = 'NUnitXml'
        $config.TestResult.OutputPath = Join-Path $env:LLMT_PESTER_RESULTS 'pester.xml'
        $result = Invoke-Pester -Configuration $config
        # One line for .ci/run to add to the xunit totals.
        "$($result.PassedCount) $($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount) $($result.SkippedCount + $result.NotRunCount)" |
            Set-Content -Path (Join-Path $env:LLMT_PESTER_RESULTS 'pester-counts.txt')
        Write-Host ("Pester: {0} passed, {1} failed, {2} skipped in {3:n1} s" -f $result.PassedCount, $result.FailedCount, $result.SkippedCount, $result.Duration.TotalSeconds)
        if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
    }.ToString()
    $pwsh = Get-PwshCommand
    # -EncodedCommand: no native-argument quoting rules (Windows or Unix) can mangle the script.
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($script))
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)
    Write-Host "> $($pwsh -join ' ') -NoProfile -NonInteractive -EncodedCommand <Invoke-Pester on tests/pester>" -ForegroundColor DarkGray
    & $pwsh[0] @arguments
    if ($LASTEXITCODE -ne 0) { throw "Pester failed (exit $LASTEXITCODE): see the output above and $(Join-Path $results 'pester.xml')" }
    Write-Host "Pester results: $(Join-Path $results 'pester.xml')" -ForegroundColor Green
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
