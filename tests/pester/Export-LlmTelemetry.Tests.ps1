BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:Store = Use-LlmtTestStore
    Add-LlmtTestData
}

AfterAll { Restore-LlmtEnvironment }

Describe 'Export-LlmTelemetry' {
    It 'writes CSV with the stored field names, one row per record' {
        $file = Join-Path $TestDrive 'all.csv'
        $result = Export-LlmTelemetry -Path $file -PassThru
        $result | Should -BeOfType ([LlmTelemetry.LlmExportResult])
        $result.Records | Should -Be 6
        $rows = @(Import-Csv $file)
        $rows.Count | Should -Be 6
        $rows[0].PSObject.Properties.Name | Should -Contain 'cost_usd'
        ($rows | Group-Object model | Where-Object Name -eq 'claude-sonnet-4-5').Count | Should -Be 2
    }

    It 'writes JSON Lines in the store format and a JSON array' {
        $jsonl = Join-Path $TestDrive 'calls.jsonl'
        Export-LlmTelemetry $jsonl -Format Jsonl -EventType llm_call
        $lines = @(Get-Content $jsonl)
        $lines.Count | Should -Be 5
        ($lines[0] | ConvertFrom-Json).v | Should -Be 1
        $json = Join-Path $TestDrive 'calls.json'
        Export-LlmTelemetry $json -Format Json -Failed
        $array = @(Get-Content $json -Raw | ConvertFrom-Json)
        $array.Count | Should -Be 1
        $array[0].metadata.error | Should -Be 'rate limited'
    }

    It 'applies the range and filters' {
        $file = Join-Path $TestDrive 'week.csv'
        (Export-LlmTelemetry $file -Days 7 -TimeZone UTC -Project beta -PassThru).Records | Should -Be 2
    }

    It 'exports from another store with -StorePath' {
        $file = Join-Path $TestDrive 'empty.csv'
        (Export-LlmTelemetry $file -StorePath (Join-Path $TestDrive 'nothing-here') -PassThru).Records | Should -Be 0
    }

    It 'writes no file with -WhatIf' {
        $file = Join-Path $TestDrive 'whatif.csv'
        Export-LlmTelemetry $file -WhatIf
        Test-Path $file | Should -BeFalse
    }

    It 'refuses to replace a file with -NoClobber' {
        $file = Join-Path $TestDrive 'exists.csv'
        Set-Content $file 'keep me'
        { Export-LlmTelemetry $file -NoClobber } |
            Should -Throw -ErrorId 'ExportLlmTelemetryFileExists,LlmTelemetry.Commands.ExportLlmTelemetryCommand'
        Get-Content $file | Should -Be 'keep me'
    }

    It 'puts a quote before CSV text cells a spreadsheet would run as formulas, keeps numbers, and writes an owner-only file' {
        $other = Join-Path $TestDrive 'formula-store'
        Write-LlmTelemetry -Path $other -Model gpt-4o-mini -InputTokens 5 -OutputTokens 1 -Agent '=HYPERLINK("http://x")' -Operation '-2+3' -Project '@SUM(1)'
        $file = Join-Path $TestDrive 'formula.csv'
        Export-LlmTelemetry $file -StorePath $other
        $row = Import-Csv $file
        $row.agent_name | Should -Be "'=HYPERLINK(""http://x"")"
        $row.operation | Should -Be "'-2+3"
        $row.project | Should -Be "'@SUM(1)"
        $row.input_tokens | Should -Be '5'
        if (-not $IsWindows) { [IO.File]::GetUnixFileMode($file) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
    }

    It 'reports a folder given as -Path with a stable error id and leaves it as it was' {
        $folder = Join-Path $TestDrive 'a-folder'
        New-Item -ItemType Directory $folder | Out-Null
        { Export-LlmTelemetry $folder } |
            Should -Throw -ErrorId 'ExportLlmTelemetryIOFailed,LlmTelemetry.Commands.ExportLlmTelemetryCommand'
        @(Get-ChildItem $folder -Force).Count | Should -Be 0
    }

    It 'rejects an unknown format at binding' {
        { Export-LlmTelemetry (Join-Path $TestDrive 'x.xml') -Format Xml } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,LlmTelemetry.Commands.ExportLlmTelemetryCommand'
    }
}
