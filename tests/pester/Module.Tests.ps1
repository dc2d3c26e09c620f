BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    $script:Cmdlets = Get-LlmtCmdletName
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    $script:Module = Import-Module (Get-LlmtModulePath) -Force -PassThru
    Save-LlmtEnvironment
    Use-LlmtTestStore | Out-Null
}

AfterAll { Restore-LlmtEnvironment }

Describe 'The LlmTelemetry module' {
    It 'exports exactly its cmdlets' {
        (Get-Command -Module LlmTelemetry).Name | Sort-Object | Should -Be (Get-LlmtCmdletName | Sort-Object)
    }

    It 'has the version of Directory.Build.props' {
        $props = [xml](Get-Content (Join-Path $PSScriptRoot '../../Directory.Build.props') -Raw)
        $prefix = @($props.Project.PropertyGroup | ForEach-Object { $_.SelectSingleNode('VersionPrefix') } | Where-Object { $_ })[0].InnerText
        $Module.Version | Should -Be ([version]$prefix)
    }

    It 'has a table view for <_>' -ForEach 'LlmRecord', 'LlmCostSummary', 'LlmUsageStats', 'LlmConfigSetting', 'LlmRemovalResult', 'LlmExportResult', 'LlmRetentionTask', 'LlmImportResult', 'LlmModel', 'LlmModelPriceImportResult', 'LlmChatResponse' {
        $views = Get-FormatData -TypeName "LlmTelemetry.$_"
        $views | Should -Not -BeNullOrEmpty
        # One name per view: LlmUsageStats has a list view (its default) and a table view, and .GetType() on the
        # array of both would name the array.
        @($views.FormatViewDefinition.Control | ForEach-Object { $_.GetType().Name }) | Should -Contain 'TableControl'
    }

    It 'formats a cost table without errors' {
        $store = Join-Path $TestDrive 'store'
        Write-LlmTelemetry -Path $store -Model m -CostUsd 0.5 -InputTokens 3
        { Get-LlmCost -Path $store -GroupBy Model | Format-Table | Out-String } | Should -Not -Throw
        { Get-LlmUsageStats -Path $store | Out-String } | Should -Not -Throw
        { Get-LlmTelemetry -Path $store | Format-Table | Out-String } | Should -Not -Throw
        { Get-LlmModel -Provider anthropic | Format-Table | Out-String } | Should -Not -Throw
    }
}
