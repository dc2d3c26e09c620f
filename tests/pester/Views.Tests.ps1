BeforeDiscovery {
    # Every output type, made by its real cmdlet (in BeforeAll): Type names the view, At80 the columns that must
    # still show at 80 columns. The retention job is faked with a crontab script on PATH; Windows' Task Scheduler
    # cannot be faked that way (CreateProcess finds schtasks.exe in System32 before PATH), so those cases skip there.
    $onWindows = $IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop'
    $noScheduler = if ($onWindows) { 'an LlmRetentionTask needs a real Task Scheduler change on Windows' }
    $script:Cases = @(
        @{ Name = 'Get-LlmTelemetry'; Type = 'LlmRecord'; At80 = 'Timestamp', 'Model', 'Agent', 'Tokens', 'CostUsd' }
        @{ Name = 'Get-LlmCost -GroupBy Day'; Type = 'LlmCostSummary'; At80 = 'Key', 'Calls', 'Tokens', 'CostUsd', 'Unpriced' }
        @{ Name = 'Get-LlmCost -GroupBy Project, Model'; Type = 'LlmCostSummary'; At80 = 'Key', 'Calls', 'Tokens', 'CostUsd', 'Unpriced' }
        @{ Name = 'Get-LlmCost'; Type = 'LlmCostSummary'; At80 = 'Key', 'Calls', 'Tokens', 'CostUsd', 'Unpriced' }
        @{ Name = 'Measure-LlmCost -GroupBy Agent, Operation'; Type = 'LlmCostSummary'; At80 = 'Key', 'Calls', 'Tokens', 'CostUsd', 'Unpriced' }
        @{ Name = 'Get-LlmUsageStats'; Type = 'LlmUsageStats'; At80 = 'Start', 'End', 'Calls', 'Success', 'Tokens', 'CostUsd' }
        @{ Name = 'Get-LlmTelemetryConfig'; Type = 'LlmConfigSetting'; At80 = 'Name', 'Value', 'Source' }
        @{ Name = 'Remove-LlmTelemetry -PassThru'; Type = 'LlmRemovalResult'; At80 = 'Day', 'Action', 'Raw', 'History', 'Records', 'Bytes', 'WhatIf' }
        @{ Name = 'Export-LlmTelemetry -PassThru'; Type = 'LlmExportResult'; At80 = 'Format', 'Records', 'Bytes', 'Path' }
        @{ Name = 'Register-LlmTelemetryRetention'; Type = 'LlmRetentionTask'; At80 = 'Name', 'Schedule', 'Registered', 'Command'; Skip = $noScheduler }
        @{ Name = 'Unregister-LlmTelemetryRetention'; Type = 'LlmRetentionTask'; At80 = 'Name', 'Registered'; Skip = $noScheduler }
        @{ Name = 'Import-LlmTelemetry'; Type = 'LlmImportResult'; At80 = 'Source', 'DryRun', 'Files', 'Lines', 'Added', 'Duplicates' }
        @{ Name = 'Get-LlmModel'; Type = 'LlmModel'; At80 = 'Id', 'Provider', 'Context', 'Input/M', 'Output/M' }
        @{ Name = 'Import-LlmModelPrice'; Type = 'LlmModelPriceImportResult'; At80 = 'DryRun', 'Added', 'Changed', 'OverridesPath' }
        @{ Name = 'Invoke-LlmChat'; Type = 'LlmChatResponse'; At80 = 'Model', 'In', 'Out', 'CostUsd', 'Content' }
    )
    # Out-String -Width 80 and 120 as asked, and 79 and 119: what an 80- or 120-column console lays out.
    $script:Widths = 79, 80, 119, 120
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    $script:SavedPath = $env:PATH
    $onWindows = $IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop'
    $fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures'

    # One answer from the shared loopback OpenAI-compatible server.
    . (Join-Path $PSScriptRoot 'FakeLlmServer.ps1')
    function Invoke-LlmtLoopbackChat {
        $server = Start-LlmtFakeServer @(@{ Body = (Get-Content (Join-Path $fixtures 'api/openai-chat-completion.json') -Raw) })
        try { Invoke-LlmChat 'Hello' -Model gpt-5.4 -Provider OpenAICompatible -BaseUri $server.Uri -Agent greeter }
        finally { Stop-LlmtFakeServer $server }
    }

    # The test data, a Claude Code log imported on top, then one real object (or several) per case.
    Use-LlmtTestStore | Out-Null
    Add-LlmtTestData
    $log = Join-Path $TestDrive 'spotter-short.jsonl'
    Copy-Item (Join-Path $fixtures 'claude-code/spotter-short.jsonl') $log
    $liteLlm = Join-Path $TestDrive 'litellm.json'
    '{ "acme/new-chat-1": { "litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1.5e-06, "output_cost_per_token": 6e-06 } }' |
        Set-Content -Path $liteLlm -Encoding utf8

    $script:Output = @{}
    $Output['Import-LlmTelemetry'] = Import-LlmTelemetry ClaudeCode $log
    $Output['Get-LlmTelemetry'] = Get-LlmTelemetry
    $Output['Get-LlmCost -GroupBy Day'] = Get-LlmCost -GroupBy Day
    $Output['Get-LlmCost -GroupBy Project, Model'] = Get-LlmCost -GroupBy Project, Model
    $Output['Get-LlmCost'] = Get-LlmCost
    $Output['Measure-LlmCost -GroupBy Agent, Operation'] = Get-LlmTelemetry | Measure-LlmCost -GroupBy Agent, Operation
    $Output['Get-LlmUsageStats'] = Get-LlmUsageStats -Days 30
    $Output['Get-LlmTelemetryConfig'] = Get-LlmTelemetryConfig
    $Output['Export-LlmTelemetry -PassThru'] = Export-LlmTelemetry (Join-Path $TestDrive 'export.csv') -PassThru
    $Output['Get-LlmModel'] = Get-LlmModel
    $Output['Import-LlmModelPrice'] = Import-LlmModelPrice $liteLlm
    $Output['Invoke-LlmChat'] = Invoke-LlmtLoopbackChat
    $Output['Remove-LlmTelemetry -PassThru'] = Remove-LlmTelemetry -OlderThan 30 -Confirm:$false -PassThru
    if (-not $onWindows) {
        # crontab -l prints the file (or "no crontab"), crontab - replaces it: the user's own crontab is never read.
        $bin = Join-Path $TestDrive 'bin'
        $tab = Join-Path $TestDrive 'crontab.txt'
        New-Item -ItemType Directory $bin | Out-Null
        $fake = Join-Path $bin 'crontab'
        [System.IO.File]::WriteAllText($fake, "#!/bin/sh`nif [ `"`$1`" = -l ]; then cat '$tab' 2>/dev/null || { echo 'no crontab for test' >&2; exit 1; }; else cat > '$tab'; fi`n")
        chmod +x $fake
        $env:PATH = $bin + [System.IO.Path]::PathSeparator + $env:PATH
        $Output['Register-LlmTelemetryRetention'] = Register-LlmTelemetryRetention -At 03:17
        $Output['Unregister-LlmTelemetryRetention'] = Unregister-LlmTelemetryRetention -Confirm:$false
    }

    # A view's columns as PowerShell loaded them; Width 0 is the rest of the line.
    function Get-LlmtViewColumn($View) {
        $View.Control.Headers | ForEach-Object { [pscustomobject]@{ Label = $_.Label; Width = $_.Width; Right = "$($_.Alignment)" -eq 'Right' } }
    }

    function Get-LlmtView([string] $Type, [switch] $Default) {
        $views = @((Get-FormatData -TypeName "LlmTelemetry.$Type").FormatViewDefinition)
        if ($Default) { return $views[0] }
        @($views | Where-Object { $_.Control -is [System.Management.Automation.TableControl] })[0]
    }

    # The lines of a rendering, without colours and without the blank lines around it.
    function Split-LlmtText([string] $Text) {
        $lines = @(($Text -replace "$([char]27)\[[0-9;]*m", '') -split '\r?\n')
        $first = 0
        while ($first -lt $lines.Count -and $lines[$first].Trim() -eq '') { $first++ }
        $last = $lines.Count - 1
        while ($last -ge $first -and $lines[$last].Trim() -eq '') { $last-- }
        if ($last -lt $first) { return @() }
        @($lines[$first..$last])
    }

    # Which columns a table of $Width characters shows whole: the first ones whose widths, one space between two, fit
    # (the rest-of-the-line column needs room for its label). PowerShell would squeeze the next one into the room
    # left; the views leave none, which is what this checks.
    function Get-LlmtExpectedHeader($Columns, [int] $Width) {
        $cells = @(); $dashes = @(); $used = -1
        foreach ($c in $Columns) {
            $room = $Width - $used - 1
            $w = if ($c.Width -gt 0) { $c.Width } else { $room }
            if ($w -gt $room -or $w -lt $c.Label.Length) { break }
            $cells += if ($c.Right) { $c.Label.PadLeft($w) } else { $c.Label.PadRight($w) }
            $dash = '-' * $c.Label.Length
            $dashes += if ($c.Right) { $dash.PadLeft($w) } else { $dash.PadRight($w) }
            $used += $w + 1
        }
        [pscustomobject]@{ Count = $cells.Count; Header = ($cells -join ' ').TrimEnd(); Dashes = ($dashes -join ' ').TrimEnd() }
    }

    # A table rendering: one header line of whole labels where the view puts them, one line of dashes, one line per
    # object, none wider than the table. Returns the labels shown.
    function Assert-LlmtTable([string] $Text, $Columns, [int] $Width, [int] $Rows) {
        $lines = Split-LlmtText $Text
        $expected = Get-LlmtExpectedHeader $Columns $Width
        $shown = @($Columns | Select-Object -First $expected.Count | ForEach-Object Label)
        $lines.Count | Should -BeGreaterThan 2 -Because 'a table has a header, dashes and rows'
        $lines[1] | Should -Match '^[ -]*-[ -]*$' -Because "the header is one line, not split (got '$($lines[0])' then '$($lines[1])')"
        @($lines | Where-Object { $_ -match '^[ -]*-[ -]*$' }).Count | Should -Be 1 -Because 'there is one line of dashes'
        $lines[0].TrimEnd() | Should -BeExactly $expected.Header -Because "at $Width columns the header shows $($shown -join ', ') whole, at their full widths"
        $lines[1].TrimEnd() | Should -BeExactly $expected.Dashes
        foreach ($label in $shown) { $lines[0] | Should -Match "(^| )$([regex]::Escape($label))( |$)" }
        ($lines.Count - 2) | Should -Be $Rows -Because 'each object is one line'
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual $Width -Because "no line is wider than $Width ('$line')" }
        , $shown
    }

    # A list rendering: every label of the view starts a line, whole, before its colon.
    function Assert-LlmtList([string] $Text, $View, [int] $Width) {
        $lines = Split-LlmtText $Text
        $labels = @($View.Control.Entries[0].Items | ForEach-Object { if ($_.Label) { $_.Label } else { $_.DisplayEntry.Value } })
        $labels.Count | Should -BeGreaterThan 0
        foreach ($label in $labels) { @($lines -match "^$([regex]::Escape($label)) *:").Count | Should -Be 1 -Because "'$label' is one whole label" }
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual $Width }
    }
}

AfterAll {
    $env:PATH = $SavedPath
    Restore-LlmtEnvironment
}

Describe 'The views of <Name>' -ForEach $Cases {
    BeforeAll {
        if ($Skip) { return }
        $Objects = @($Output[$Name])
        $View = Get-LlmtView $Type
        $Columns = @(Get-LlmtViewColumn $View)
    }

    It 'has real LlmTelemetry.<Type> objects and a table view' {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $Objects.Count | Should -BeGreaterThan 0
        foreach ($o in $Objects) { $o.PSObject.TypeNames | Should -Contain "LlmTelemetry.$Type" }
        $View | Should -Not -BeNullOrEmpty
        $Columns.Count | Should -BeGreaterThan 0
        foreach ($c in $Columns) { $c.Label | Should -Not -BeNullOrEmpty }
        # At most one column takes the rest of the line, and it comes last (elsewhere PowerShell sizes all to the data).
        @($Columns | Select-Object -SkipLast 1 | Where-Object Width -eq 0).Count | Should -Be 0
    }

    It 'formats with Format-Table -View at <_> columns without splitting a header' -ForEach $Widths {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $text = $Objects | Format-Table -View $View.Name | Out-String -Width $_
        $shown = Assert-LlmtTable $text $Columns $_ $Objects.Count
        if ($_ -ge 119) { $shown | Should -Be @($Columns.Label) -Because 'every column fits at 120' }
        if ($_ -le 80) { foreach ($label in $At80) { $shown | Should -Contain $label -Because 'the important columns come first' } }
    }

    It 'formats by default at <_> columns without splitting a header' -ForEach $Widths {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $default = Get-LlmtView $Type -Default
        $text = $Objects | Out-String -Width $_
        if ($default.Control -is [System.Management.Automation.TableControl]) {
            Assert-LlmtTable $text @(Get-LlmtViewColumn $default) $_ $Objects.Count | Out-Null
        }
        else {
            $default.Control | Should -BeOfType ([System.Management.Automation.ListControl])
            Assert-LlmtList $text $default $_
        }
    }
}
