BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:Store = Use-LlmtTestStore
    Add-LlmtTestData
    # Maintenance with a 30-day retention, as the daily run would do it: the call of 40 days ago keeps only its
    # day's history rollup; the days of 3 days ago and today keep their raw records.
    $options = [LlmTelemetry.Configuration.StoreOptions]@{ Root = $script:Store; AutoMaintenance = $false }
    $maintenance = [LlmTelemetry.Storage.TelemetryStore]::new($options).Maintenance
    $report = $maintenance.Run([LlmTelemetry.Storage.MaintenanceOptions]@{ RetentionDays = 30 })
    $report.DaysArchived | Should -Be 1
    $script:FirstRawDay = [DateTime]::UtcNow.Date.AddDays(-3).ToString('yyyy-MM-dd')
    $script:HistoryDay = [DateTime]::UtcNow.Date.AddDays(-40).ToString('yyyy-MM-dd')
    $script:ListingWarning = "Records before $script:FirstRawDay (UTC) are kept only as daily totals (history); " +
        'Get-LlmCost and Get-LlmUsageStats include them, Get-LlmTelemetry and Export-LlmTelemetry do not.'
    $script:NotSearchedWarning = "The history of 1 day, $script:HistoryDay (UTC), could not be searched: that day keeps only daily totals, " +
        'and a text search or a record id needs the records; the answer leaves it out.'
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Days kept only as history' {
    It 'Get-LlmTelemetry lists raw records only and warns once, naming the first day with raw records' {
        $records = @(Get-LlmTelemetry -WarningVariable warnings -WarningAction SilentlyContinue)
        $records.Count | Should -Be 5
        $records.Agent | Should -Not -Contain 'old-agent'
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Be $script:ListingWarning
    }

    It 'Get-LlmTelemetry over raw days only says nothing' {
        $null = Get-LlmTelemetry -Days 7 -TimeZone UTC -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 0
    }

    It 'Export-LlmTelemetry warns once as Get-LlmTelemetry does' {
        $file = Join-Path $TestDrive 'raw.jsonl'
        Export-LlmTelemetry $file -Format Jsonl -WarningVariable warnings -WarningAction SilentlyContinue
        @(Get-Content $file).Count | Should -Be 5
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Be $script:ListingWarning
    }

    It 'Get-LlmCost counts the history day, as before the prune, without a warning' {
        $total = Get-LlmCost -WarningVariable warnings -WarningAction SilentlyContinue
        $total.Calls | Should -Be 5
        [math]::Round($total.CostUsd, 6) | Should -Be 0.33
        $total.Sessions | Should -Be 4
        @($warnings).Count | Should -Be 0
        (Get-LlmCost -GroupBy Agent | Where-Object Agent -eq 'old-agent').Calls | Should -Be 1
    }

    It 'Get-LlmCost with a text search warns once naming the day it could not search' {
        $total = Get-LlmCost -Search 'claude-sonnet' -WarningVariable warnings -WarningAction SilentlyContinue
        $total.Calls | Should -Be 1
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Be $script:NotSearchedWarning
    }

    It 'Get-LlmUsageStats counts the history day and warns for a text search' {
        $stats = Get-LlmUsageStats -WarningVariable warnings -WarningAction SilentlyContinue
        $stats.Calls | Should -Be 5
        $stats.Sessions | Should -Be 4
        @($warnings).Count | Should -Be 0
        $searched = Get-LlmUsageStats -Search 'claude-sonnet' -WarningVariable warnings -WarningAction SilentlyContinue
        $searched.Calls | Should -Be 1
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Be $script:NotSearchedWarning
    }

    It 'Measure-LlmCost sums what Get-LlmTelemetry lists: raw records, with its warning' {
        $total = Get-LlmTelemetry -WarningVariable warnings -WarningAction SilentlyContinue | Measure-LlmCost
        $total.Calls | Should -Be 4
        @($warnings).Count | Should -Be 1
    }

    It 'Show-LlmTelemetry counts history in its cards and warns that its table does not' {
        $page = Show-LlmTelemetry -Days 60 -TimeZone UTC -NoOpen -Path (Join-Path $TestDrive 'history.html') -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Be ("Records before $script:FirstRawDay (UTC) are kept only as daily totals (history); " +
            "the page's cards and charts include them, its event table does not.")
        (Get-Content $page.FullName -Raw) | Should -Match ('"raw_from":"' + $script:FirstRawDay + '"')
    }
}
