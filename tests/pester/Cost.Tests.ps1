BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:Store = Use-LlmtTestStore
    Add-LlmtTestData
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Measure-LlmCost' {
    It 'totals the piped calls in one object, counting llm_call events only' {
        $total = Get-LlmTelemetry | Measure-LlmCost
        @($total).Count | Should -Be 1
        $total | Should -BeOfType ([LlmTelemetry.LlmCostSummary])
        $total.Key | Should -Be 'Total'
        $total.Calls | Should -Be 5
        $total.FailedCalls | Should -Be 1
        $total.UnpricedCalls | Should -Be 1
        [math]::Round($total.CostUsd, 6) | Should -Be 0.33
        $total.InputTokens | Should -Be 2000
        $total.OutputTokens | Should -Be 370
        $total.TotalTokens | Should -Be 2370
        $total.Sessions | Should -Be 4
    }

    It 'writes one row per group with a property named after the key' {
        $rows = @(Get-LlmTelemetry | Measure-LlmCost -GroupBy Model)
        $rows.Count | Should -Be 4
        $rows[0].Model | Should -Be 'claude-sonnet-4-5'
        $rows[0].Calls | Should -Be 2
        $rows[0].Key | Should -Be 'claude-sonnet-4-5'
    }

    It 'puts time keys in time order and counts them in the given zone' {
        $days = @(Get-LlmTelemetry -Days 7 -TimeZone UTC | Measure-LlmCost -GroupBy Day -TimeZone UTC)
        $days.Day | Should -Be @([DateTime]::UtcNow.Date.AddDays(-3).ToString('yyyy-MM-dd'), [DateTime]::UtcNow.Date.ToString('yyyy-MM-dd'))
        $days[1].Calls | Should -Be 3
    }

    It 'exports several keys as their own CSV columns, first, with unpriced calls as a column' {
        $file = Join-Path $TestDrive 'by-project-user.csv'
        Get-LlmTelemetry | Measure-LlmCost -GroupBy Project, User | Export-Csv $file -NoTypeInformation
        $rows = @(Import-Csv $file)
        $rows.Count | Should -Be 2
        $columns = $rows[0].PSObject.Properties.Name
        $columns[0] | Should -Be 'Project'
        $columns[1] | Should -Be 'User'
        $columns | Should -Contain 'UnpricedCalls'
        $columns | Should -Contain 'CostUsd'
        $columns | Should -Not -Contain 'Model'
        ($rows | Where-Object Project -eq 'beta').UnpricedCalls | Should -Be '1'
        (Get-Content $file -Raw) | Should -Not -Match 'System\.Object\[\]'
    }

    It 'works with Group-Object on a key property' {
        $groups = Get-LlmTelemetry | Measure-LlmCost -GroupBy Project, Model | Group-Object Project
        ($groups | Where-Object Name -eq 'alpha').Count | Should -Be 2
    }

    It 'gives a zero total for no input' {
        $total = @() | Measure-LlmCost
        $total.Calls | Should -Be 0
    }

    It 'rejects a group key given twice with a stable error id' {
        { Get-LlmTelemetry | Measure-LlmCost -GroupBy Day, Day } |
            Should -Throw -ErrorId 'MeasureLlmCostInvalidGroupBy,LlmTelemetry.Commands.MeasureLlmCostCommand'
    }

    It 'rejects an unknown time zone with a stable error id' {
        { Get-LlmTelemetry | Measure-LlmCost -TimeZone 'Nowhere/Atlantis' } |
            Should -Throw -ErrorId 'MeasureLlmCostInvalidTimeZone,LlmTelemetry.Commands.MeasureLlmCostCommand'
    }
}

Describe 'Get-LlmCost' {
    It 'gives the same total as Get-LlmTelemetry | Measure-LlmCost' {
        $fromStore = Get-LlmCost -Days 7 -TimeZone UTC
        $fromPipeline = Get-LlmTelemetry -Days 7 -TimeZone UTC | Measure-LlmCost
        $fromStore.Calls | Should -Be 4
        $fromStore.Calls | Should -Be $fromPipeline.Calls
        [math]::Round($fromStore.CostUsd, 6) | Should -Be 0.31
        $fromStore.TotalTokens | Should -Be $fromPipeline.TotalTokens
    }

    It 'groups by day in local days' {
        $rows = @(Get-LlmCost -Days 7 -GroupBy Day -TimeZone UTC)
        $rows.Count | Should -Be 2
        $rows[-1].Day | Should -Be ([DateTime]::UtcNow.Date.ToString('yyyy-MM-dd'))
    }

    It 'sorts and selects like any object' {
        $top = Get-LlmCost -GroupBy Project, Model | Sort-Object CostUsd -Descending | Select-Object -First 1
        $top.Project | Should -Be 'alpha'
        $top.Model | Should -Be 'claude-sonnet-4-5'
    }

    It 'filters by agent with wildcards' {
        (Get-LlmCost -Agent 'doc-*').Calls | Should -Be 3
    }

    It 'exports rows grouped by month to CSV and groups them again' {
        $file = Join-Path $TestDrive 'months.csv'
        Get-LlmCost -GroupBy Month, Provider | Export-Csv $file -NoTypeInformation
        $rows = Import-Csv $file
        ($rows | Group-Object Provider).Name | Should -Contain 'anthropic'
    }

    It 'rejects an unknown time zone with a stable error id' {
        { Get-LlmCost -TimeZone 'Mars/Olympus_Mons' } |
            Should -Throw -ErrorId 'GetLlmCostInvalidTimeZone,LlmTelemetry.Commands.GetLlmCostCommand'
    }

    It 'rejects a bad number of days at binding' {
        { Get-LlmCost -Days 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,LlmTelemetry.Commands.GetLlmCostCommand'
    }
}

Describe 'Get-LlmUsageStats' {
    It 'reports success rate, exact percentiles and top lists' {
        $stats = Get-LlmUsageStats -TimeZone UTC
        $stats | Should -BeOfType ([LlmTelemetry.LlmUsageStats])
        $stats.Calls | Should -Be 5
        $stats.FailedCalls | Should -Be 1
        $stats.SuccessRate | Should -Be 0.8
        $stats.P50DurationMs | Should -Be 800
        $stats.P95DurationMs | Should -Be 2000
        $stats.P99DurationMs | Should -Be 2000
        $stats.TopModels | Should -Match '^claude-sonnet-4-5 \(2 calls'
        $stats.TopAgents | Should -Match 'doc-finder'
        $stats.SlowestOperations | Should -Match '^search'
        $stats.BusiestWeekday | Should -Not -BeNullOrEmpty
    }

    It 'honours the range' {
        (Get-LlmUsageStats -Days 1 -TimeZone UTC).Calls | Should -Be 3
    }

    It 'is one flat CSV row' {
        $file = Join-Path $TestDrive 'stats.csv'
        Get-LlmUsageStats -Days 7 | Export-Csv $file -NoTypeInformation
        @(Import-Csv $file).Count | Should -Be 1
        (Get-Content $file -Raw) | Should -Not -Match 'System\.Collections'
    }

    It 'rejects an unknown time zone with a stable error id' {
        { Get-LlmUsageStats -TimeZone 'Mars/Olympus_Mons' } |
            Should -Throw -ErrorId 'GetLlmUsageStatsInvalidTimeZone,LlmTelemetry.Commands.GetLlmUsageStatsCommand'
    }
}
