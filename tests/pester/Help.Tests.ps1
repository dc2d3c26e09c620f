BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    $script:Cmdlets = Get-LlmtCmdletName
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestStore.ps1')
    Import-Module (Get-LlmtModulePath) -Force
    Save-LlmtEnvironment
    Use-LlmtTestStore | Out-Null

    $script:Docs = Join-Path $PSScriptRoot '../../docs/en-US'
    $script:HelpFolder = Join-Path (Split-Path (Get-LlmtModulePath)) 'en-US'
    $script:HelpFile = Join-Path $HelpFolder 'LlmTelemetry.dll-Help.xml'
    # Parameters PowerShell adds itself; PlatyPS pages list WhatIf and Confirm, nothing checks them against the cmdlet.
    $script:Common = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)

    # Without the compiled help Get-Help falls back to generated syntax, and every test below would fail obscurely.
    function Assert-LlmtHelpBuilt {
        $HelpFile | Should -Exist -Because "build.ps1 -Task Build compiles docs/en-US into $HelpFolder (with platyPS, or tools/help/HelpCompiler.ps1 without it); a module laid out with -SkipHelp cannot be tested"
    }

    # The type name PlatyPS writes: the short name, a nullable value as its underlying type.
    function Get-LlmtHelpTypeName([type] $Type) {
        if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition().FullName -eq 'System.Nullable`1') { $Type = $Type.GetGenericArguments()[0] }
        $Type.Name
    }

    function Get-LlmtText($Paragraphs) { (@($Paragraphs) | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Text } }) -join "`n" }

    # The code blocks under ## EXAMPLES of a docs page, as written there.
    function Get-LlmtDocsExampleCode([string] $Name) {
        $page = (Get-Content (Join-Path $Docs "$Name.md") -Raw) -replace "`r`n", "`n"
        $examples = [regex]::Match($page, '(?ms)^## EXAMPLES\n(.*?)(?=^## )').Groups[1].Value
        [regex]::Matches($examples, '(?ms)^```powershell\n(.*?)\n```') | ForEach-Object { $_.Groups[1].Value }
    }

    # Programs the examples may call besides PowerShell's and the module's commands.
    $script:ExternalPrograms = @('git')
}

AfterAll { Restore-LlmtEnvironment }

Describe 'The compiled help of the module' {
    It 'is in the module folder' {
        Assert-LlmtHelpBuilt
        ([xml](Get-Content $HelpFile -Raw)).helpItems.schema | Should -Be 'maml'
        Join-Path $HelpFolder 'about_LlmTelemetry_Retention.help.txt' | Should -Exist
    }

    It 'has a synopsis, a description and at least two examples for <_>' -ForEach $Cmdlets {
        Assert-LlmtHelpBuilt
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -Match '^\s*$'
        # Without a help file, Get-Help's synopsis is the generated syntax.
        $help.Synopsis | Should -Not -Match ([regex]::Escape("$_ ["))
        Get-LlmtText $help.description | Should -Not -Match '^\s*$'
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
    }

    It 'describes every parameter of <_> with the type, Required and Position of the cmdlet' -ForEach $Cmdlets {
        Assert-LlmtHelpBuilt
        $command = Get-Command $_
        $help = Get-Help $_ -Full
        $documented = @{}
        foreach ($p in @($help.parameters.parameter)) { $documented[$p.name] = $p }

        foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $Common }) {
            $because = "-$($parameter.Name) of $_"
            $entry = $documented[$parameter.Name]
            $entry | Should -Not -BeNullOrEmpty -Because "$because is in the help"
            Get-LlmtText $entry.description | Should -Not -Match '^\s*$' -Because "$because has a description"
            $entry.type.name | Should -Be (Get-LlmtHelpTypeName $parameter.ParameterType) -Because "$because has its type"
            $sets = @($parameter.ParameterSets.Values)
            $entry.required | Should -BeIn @($sets | ForEach-Object { $_.IsMandatory.ToString().ToLowerInvariant() }) -Because "$because is Mandatory in the cmdlet or not"
            $entry.position | Should -BeIn @($sets | ForEach-Object { if ($_.Position -lt 0) { 'named' } else { [string]$_.Position } }) -Because "$because has the cmdlet's position"
        }
        @($documented.Keys | Where-Object { $_ -notin $Common -and -not $command.Parameters.ContainsKey($_) }) |
            Should -BeNullOrEmpty -Because "the help of $_ documents only parameters the cmdlet has"

        # One syntax item per parameter set, each with that set's parameters, Required and Position.
        $items = @($help.syntax.syntaxItem)
        $items.Count | Should -Be $command.ParameterSets.Count -Because "$_ has $($command.ParameterSets.Count) parameter set(s)"
        foreach ($item in $items) {
            $names = @($item.parameter | ForEach-Object name | Where-Object { $_ -notin $Common } | Sort-Object)
            $set = $command.ParameterSets | Where-Object { (@($_.Parameters.Name | Where-Object { $_ -notin $Common } | Sort-Object) -join ',') -eq ($names -join ',') }
            $set | Should -Not -BeNullOrEmpty -Because "the syntax item '$($names -join ', ')' of $_ is one of its parameter sets"
            foreach ($p in @($item.parameter | Where-Object { $_.name -notin $Common })) {
                $metadata = $set.Parameters | Where-Object Name -eq $p.name
                $p.required | Should -Be $metadata.IsMandatory.ToString().ToLowerInvariant() -Because "-$($p.name) in set $($set.Name) of $_"
                $p.position | Should -Be $(if ($metadata.Position -lt 0) { 'named' } else { [string]$metadata.Position }) -Because "-$($p.name) in set $($set.Name) of $_"
            }
        }
    }

    It 'has examples for <_> that parse and call only commands that exist' -ForEach $Cmdlets {
        Assert-LlmtHelpBuilt
        foreach ($example in @((Get-Help $_ -Full).examples.example)) {
            $tokens = $null
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$tokens, [ref]$errors)
            @($errors | ForEach-Object Message) | Should -BeNullOrEmpty -Because "the code of '$($example.title.Trim(' -'))' parses"
            foreach ($call in $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                $name = $call.GetCommandName()
                if (-not $name -or $name -in $ExternalPrograms) { continue }
                $command = Get-Command $name -CommandType Cmdlet, Function -ErrorAction SilentlyContinue
                $command | Should -Not -BeNullOrEmpty -Because "'$name' in '$($example.title.Trim(' -'))' is a command (no aliases, no programs)"
                $command.Source | Should -Match '^(LlmTelemetry|Microsoft\.PowerShell\.\w+)$' -Because "'$name' is a module cmdlet or a built-in one"
                if ($command.Source -eq 'LlmTelemetry') {
                    foreach ($parameter in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                        { $command.ResolveParameter($parameter.ParameterName) } | Should -Not -Throw -Because "-$($parameter.ParameterName) in '$($example.title.Trim(' -'))' is a parameter of $name"
                    }
                }
            }
        }
    }

    It 'shows the example code of docs/en-US/Get-LlmCost.md with -Examples' {
        Assert-LlmtHelpBuilt
        $expected = @(Get-LlmtDocsExampleCode 'Get-LlmCost')
        $expected.Count | Should -BeGreaterOrEqual 2
        $help = Get-Help Get-LlmCost -Examples
        @($help.examples.example | ForEach-Object code) | Should -Be $expected
        $shown = $help | Out-String -Width 1000
        foreach ($code in $expected) { $shown | Should -Match ([regex]::Escape($code)) }
        $shown | Should -Match 'Example 1: Cost per day of the last week'
    }

    It 'shows about_LlmTelemetry_Retention' {
        Assert-LlmtHelpBuilt
        $topic = Get-Help about_LlmTelemetry_Retention | Out-String
        $topic | Should -Match '(?m)^TOPIC\s*$'
        $topic | Should -Match '(?m)^\s+about_llmtelemetry_retention\s*$'
        $topic | Should -Match '(?m)^SHORT DESCRIPTION\s*$'
        $topic | Should -Match 'Keeping the store small'
        $topic | Should -Match '(?m)^LONG DESCRIPTION\s*$'
        $topic | Should -Match ([regex]::Escape('Register-LlmTelemetryRetention -At 03:17'))
        $topic | Should -Match ([regex]::Escape('Remove-LlmTelemetry -ApplyRetention -Confirm:$false'))
    }
}

Describe 'tools/help/HelpCompiler.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../tools/help/HelpCompiler.ps1')

        # A cmdlet page with every section, one thing of it broken by each test below.
        function New-LlmtTestPage([string] $Folder, [string[]] $Lines) {
            New-Item -ItemType Directory -Path $Folder -Force | Out-Null
            $path = Join-Path $Folder 'Get-Broken.md'
            Set-Content -Path $path -Value $Lines -Encoding utf8
            (Resolve-Path $path).ProviderPath
        }
        $script:GoodPage = @(
            '---', 'external help file: Broken.dll-Help.xml', 'Module Name: Broken', 'online version:', 'schema: 2.0.0', '---', '',
            '# Get-Broken', '', '## SYNOPSIS', 'Gets nothing.', '', '## SYNTAX', '', '### __AllParameterSets', '```', 'Get-Broken [-Name <String>] [<CommonParameters>]', '```', '',
            '## DESCRIPTION', 'Gets nothing at all.', '', '## EXAMPLES', '', '### Example 1', '```powershell', 'Get-Broken', '```', '', 'Nothing.', '',
            '## PARAMETERS', '', '### -Name', 'A name.', '', '```yaml', 'Type: String', 'Parameter Sets: (All)', 'Aliases:', '', 'Required: False',
            'Position: Named', 'Default value: None', 'Accept pipeline input: False', 'Accept wildcard characters: False', '```', '',
            '## RELATED LINKS', '', '[Get-Help](https://learn.microsoft.com/powershell/module/microsoft.powershell.core/get-help)'
        )
    }

    It 'compiles docs/en-US into well-formed MAML with one command:command per cmdlet page' {
        $out = Join-Path $TestDrive 'compiled'
        $written = @(ConvertTo-LlmtExternalHelp -Path $Docs -OutputPath $out)
        @($written.Name | Sort-Object) | Should -Be @('about_LlmTelemetry_Retention.help.txt', 'LlmTelemetry.dll-Help.xml')

        $xml = New-Object System.Xml.XmlDocument
        $xml.Load((Join-Path $out 'LlmTelemetry.dll-Help.xml'))
        $ns = New-Object System.Xml.XmlNamespaceManager ($xml.NameTable)
        $ns.AddNamespace('msh', 'http://msh')
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $xml.DocumentElement.NamespaceURI | Should -Be 'http://msh'
        $xml.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        $names = @($xml.SelectNodes('/msh:helpItems/command:command/command:details/command:name', $ns) | ForEach-Object InnerText)
        $pages = @(Get-ChildItem $Docs -Filter '*-*.md' | ForEach-Object BaseName)
        @($names | Sort-Object) | Should -Be @($pages | Sort-Object)
        @($names | Sort-Object) | Should -Be @(Get-LlmtCmdletName | Sort-Object)
        foreach ($command in $xml.SelectNodes('/msh:helpItems/command:command', $ns)) {
            $command.SelectSingleNode('command:details/maml:description/maml:para', $ns).InnerText | Should -Not -BeNullOrEmpty
            $command.SelectNodes('command:examples/command:example', $ns).Count | Should -BeGreaterOrEqual 2
        }
        Get-Content (Join-Path $out 'about_LlmTelemetry_Retention.help.txt') -TotalCount 2 | Should -Be @('TOPIC', '    about_llmtelemetry_retention')
    }

    It 'compiles a well-formed page of its own' {
        $folder = Join-Path $TestDrive 'good'
        New-LlmtTestPage $folder $GoodPage | Out-Null
        $written = @(ConvertTo-LlmtExternalHelp -Path $folder -OutputPath (Join-Path $TestDrive 'good-out'))
        $written.Name | Should -Be 'Broken.dll-Help.xml'
        $xml = [xml](Get-Content $written[0].FullName -Raw)
        $xml.helpItems.command.details.name | Should -Be 'Get-Broken'
        $xml.helpItems.command.parameters.parameter.name | Should -Be 'Name'
        $xml.helpItems.command.relatedLinks.navigationLink.uri | Should -Match '^https://'
    }

    It 'names the file and the line of a page with <Case>' -ForEach @(
        # Cut: the lines from the first one equal to Cut up to the next ``` line; Replace: whole lines.
        @{ Case = 'no ## SYNOPSIS'; Cut = $null; Replace = @{ '## SYNOPSIS' = ''; 'Gets nothing.' = '' }; At = '# Get-Broken'; Message = "has no '## SYNOPSIS'" }
        @{ Case = 'a parameter without its yaml block'; Cut = '```yaml'; Replace = @{}; At = '### -Name'; Message = 'has no yaml block' }
        @{ Case = 'an unknown yaml key'; Cut = $null; Replace = @{ 'Aliases:' = 'Alias: n' }; At = 'Alias: n'; Message = "unknown key 'Alias'" }
        @{ Case = 'an unknown section'; Cut = $null; Replace = @{ '## DESCRIPTION' = '## DESCRIPTON' }; At = '## DESCRIPTON'; Message = "unexpected section '## DESCRIPTON'" }
        @{ Case = 'a related link that is no link'; Cut = $null; Replace = @{ '[Get-Help](https://learn.microsoft.com/powershell/module/microsoft.powershell.core/get-help)' = 'Get-Help' }; At = 'Get-Help'; Message = 'not a markdown link' }
    ) {
        $lines = [System.Collections.Generic.List[string]]@($GoodPage | ForEach-Object { if ($Replace.ContainsKey($_)) { $Replace[$_] } else { $_ } })
        if ($Cut) {
            $from = $lines.IndexOf($Cut)
            $to = $lines.IndexOf('```', $from + 1)
            $lines.RemoveRange($from, $to - $from + 1)
        }
        $lines = $lines.ToArray()
        $line = [array]::IndexOf($lines, $At) + 1
        $line | Should -BeGreaterThan 0
        $path = New-LlmtTestPage (Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))) $lines
        $out = Join-Path $TestDrive 'bad-out'
        { ConvertTo-LlmtExternalHelp -Path (Split-Path $path) -OutputPath $out } |
            Should -Throw -ExpectedMessage ('*' + [WildcardPattern]::Escape("$path, line ${line}:") + '*' + [WildcardPattern]::Escape($Message) + '*')
        Join-Path $out 'Broken.dll-Help.xml' | Should -Not -Exist
    }
}
