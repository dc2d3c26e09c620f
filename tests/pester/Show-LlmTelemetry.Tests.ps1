BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:Store = Use-LlmtTestStore
    Add-LlmtTestData

    # The page's data block (what the page's script reads), as an object.
    function Get-LlmtPageReport([string] $Path) {
        $html = Get-Content $Path -Raw
        $open = '<script type="application/json" id="llmt-report">'
        $start = $html.IndexOf($open)
        $start | Should -BeGreaterOrEqual 0
        $start += $open.Length
        $html.Substring($start, $html.IndexOf('</script', $start) - $start) | ConvertFrom-Json
    }
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Show-LlmTelemetry' {
    It 'writes the page with -NoOpen and returns its FileInfo' {
        $path = Join-Path $TestDrive 'page.html'
        $page = Show-LlmTelemetry -Path $path -NoOpen -TimeZone UTC
        $page | Should -BeOfType ([System.IO.FileInfo])
        $page.FullName | Should -Be $path
        $path | Should -Exist
        "$path.partial" | Should -Not -Exist
        Get-Content $path -Raw | Should -Match '<html'
    }

    It 'shows the totals of the last 30 days by default' {
        $page = Show-LlmTelemetry -NoOpen -TimeZone UTC -Path (Join-Path $TestDrive 'default.html')
        $report = Get-LlmtPageReport $page.FullName
        $expected = Get-LlmCost -Days 30 -TimeZone UTC
        $report.current.calls | Should -Be $expected.Calls
        $report.current.calls | Should -Be 4
        [math]::Round($report.current.cost_usd, 6) | Should -Be ([math]::Round($expected.CostUsd, 6))
        [math]::Round($report.current.cost_usd, 6) | Should -Be 0.31
    }

    It 'applies the range and filters to the whole page' {
        $page = Show-LlmTelemetry -Days 7 -Project alpha -TimeZone UTC -NoOpen -Path (Join-Path $TestDrive 'alpha.html')
        $report = Get-LlmtPageReport $page.FullName
        $report.current.calls | Should -Be (Get-LlmCost -Days 7 -Project alpha -TimeZone UTC).Calls
        [math]::Round($report.current.cost_usd, 6) | Should -Be 0.3
    }

    It 'writes to the per-user reports folder, owner-only, without -Path' -Skip:([bool]$IsWindows) {
        $saved = $env:XDG_CACHE_HOME
        $env:XDG_CACHE_HOME = Join-Path $TestDrive 'cache'
        try {
            $page = Show-LlmTelemetry -NoOpen
            $page.DirectoryName | Should -Be (Join-Path (Join-Path (Join-Path $TestDrive 'cache') 'llm-telemetry') 'reports')
            $page.Extension | Should -Be '.html'
            $page.Length | Should -BeGreaterThan 1000
            [IO.File]::GetUnixFileMode($page.FullName) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
            [IO.File]::GetUnixFileMode($page.DirectoryName) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
        }
        finally { $env:XDG_CACHE_HOME = $saved }
    }

    It 'writes one page per project, listed as FileInfo rows' {
        $list = Join-Path $TestDrive 'pages.csv'
        Get-LlmCost -Days 30 -TimeZone UTC -GroupBy Project | ForEach-Object {
            Show-LlmTelemetry -Days 30 -TimeZone UTC -Project $_.Project -NoOpen -Path (Join-Path $TestDrive "page-$($_.Project).html")
        } | Export-Csv $list -NoTypeInformation
        (Import-Csv $list).Name | Sort-Object | Should -Be @('page-alpha.html', 'page-beta.html')
    }

    It 'says what it wrote in verbose output' {
        $out = Show-LlmTelemetry -NoOpen -TimeZone UTC -Path (Join-Path $TestDrive 'verbose.html') -Verbose 4>&1
        (@($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'events'
    }

    It 'rejects -Days with -Start with a stable error id' {
        { Show-LlmTelemetry -Days 3 -Start 2026-01-01 -NoOpen } |
            Should -Throw -ErrorId 'ShowLlmTelemetryInvalidDays,LlmTelemetry.Commands.ShowLlmTelemetryCommand'
    }

    It 'reports a folder that does not exist with a stable error id' {
        { Show-LlmTelemetry -NoOpen -Path (Join-Path $TestDrive 'no/such/folder/page.html') } |
            Should -Throw -ErrorId 'ShowLlmTelemetryIOFailed,LlmTelemetry.Commands.ShowLlmTelemetryCommand'
    }
}
