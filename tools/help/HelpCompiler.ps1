# Compiles the PlatyPS markdown in docs/en-US into the help PowerShell reads: <dll>-Help.xml (MAML) for the cmdlet
# pages and about_*.help.txt for the about topics, the same two kinds of file PlatyPS 0.14.2's New-ExternalHelp writes.
#
# Why it exists: PlatyPS comes from the PowerShell Gallery, which is not served everywhere (CI machines and offline
# builds here have NuGet but no Gallery), and a module without compiled help shows only generated syntax in Get-Help.
# build.ps1 (Invoke-Docs) uses PlatyPS when platyPS 0.14.2 is installed and this script otherwise (or with -NoPlatyPS).
#
# It follows PlatyPS's grammar for schema 2.0.0 pages (Markdown.MAML's ModelTransformerVersion2 and MamlRenderer) and
# rejects what PlatyPS rejects, with an error naming the file and the line, so that a page compiles with both. Where it
# is stricter (a ## SYNOPSIS is required, every parameter needs its yaml block, the SYNTAX lines must agree with the
# yaml) it catches pages whose help would be wrong either way. Where PlatyPS mangles text (an indented code line in an
# about topic joined to the prose before it, '*' in 'claude*' read as italics) it keeps the text instead.
#
# A plain script with functions and no module dependencies, for PowerShell 7.2+ and Windows PowerShell 5.1:
#     . ./tools/help/HelpCompiler.ps1
#     ConvertTo-LlmtExternalHelp -Path docs/en-US -OutputPath out/LlmTelemetry/en-US

function Get-LlmtHelpNamespace {
    # The namespaces of PlatyPS's MAML: helpItems in http://msh, every command declaring these four.
    [ordered]@{
        msh     = 'http://msh'
        maml    = 'http://schemas.microsoft.com/maml/2004/10'
        command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
        dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
        MSHelp  = 'http://msdn.microsoft.com/mshelp'
    }
}

# A terminating error that names the page and the line, e.g. "docs/en-US/Get-LlmCost.md, line 57: ...".
function New-LlmtHelpError {
    param([string] $File, [int] $Line, [string] $Message)
    $where = if ($Line -gt 0) { "$File, line ${Line}" } else { $File }
    $exception = New-Object System.IO.InvalidDataException ("Malformed help page ${where}: $Message")
    New-Object System.Management.Automation.ErrorRecord ($exception, 'LlmtHelpPageMalformed', [System.Management.Automation.ErrorCategory]::InvalidData, $File)
}

# Splits a markdown file into its front matter and a flat list of blocks, each with the line it starts on:
#   Heading (Level, Text), Code (Language, Text), Paragraph (Lines, LineNumbers). Blank lines end paragraphs.
function Read-LlmtHelpMarkdown {
    param([Parameter(Mandatory)] [string] $Path)

    $text = [System.IO.File]::ReadAllText($Path)
    if ($text.Length -gt 0 -and $text[0] -eq [char]0xFEFF) { $text = $text.Substring(1) }
    $lines = $text -replace "`r`n?", "`n" -split "`n"
    $frontMatter = [ordered]@{}
    $i = 0
    if ($lines.Count -gt 0 -and $lines[0].TrimEnd() -eq '---') {
        $end = -1
        for ($j = 1; $j -lt $lines.Count; $j++) { if ($lines[$j].TrimEnd() -eq '---') { $end = $j; break } }
        if ($end -lt 0) { throw (New-LlmtHelpError $Path 1 "the front matter opened by '---' is never closed") }
        for ($j = 1; $j -lt $end; $j++) {
            if ($lines[$j].Trim() -eq '') { continue }
            $colon = $lines[$j].IndexOf(':')
            if ($colon -lt 1) { throw (New-LlmtHelpError $Path ($j + 1) "front matter line '$($lines[$j])' is not 'key: value'") }
            $frontMatter[$lines[$j].Substring(0, $colon).Trim()] = $lines[$j].Substring($colon + 1).Trim()
        }
        $i = $end + 1
    }

    $blocks = New-Object System.Collections.Generic.List[object]
    $paragraph = $null
    while ($i -lt $lines.Count) {
        $line = $lines[$i]
        $fence = [regex]::Match($line, '^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)')
        if ($fence.Success) {
            $paragraph = $null
            $marker = $fence.Groups[1].Value
            $start = $i
            $code = New-Object System.Collections.Generic.List[string]
            $closed = $false
            for ($i = $i + 1; $i -lt $lines.Count; $i++) {
                $close = $lines[$i].Trim()
                if ($close.Length -ge $marker.Length -and $close -eq ([string]$marker[0] * $close.Length)) { $closed = $true; break }
                $code.Add($lines[$i])
            }
            if (-not $closed) { throw (New-LlmtHelpError $Path ($start + 1) "the code block opened by $marker is never closed") }
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Line = $start + 1; Language = $fence.Groups[2].Value; Text = ($code -join "`n") })
            $i++
            continue
        }
        $heading = [regex]::Match($line, '^(#{1,6})[ \t]*(\S.*?)(?:[ \t]+#+)?[ \t]*$')
        if ($heading.Success) {
            $paragraph = $null
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Line = $i + 1; Level = $heading.Groups[1].Value.Length; Text = $heading.Groups[2].Value })
        }
        elseif ($line.Trim() -eq '') {
            $paragraph = $null
        }
        else {
            if (-not $paragraph) {
                $paragraph = [pscustomobject]@{ Kind = 'Paragraph'; Line = $i + 1; Lines = (New-Object System.Collections.Generic.List[string]) }
                $blocks.Add($paragraph)
            }
            $paragraph.Lines.Add($line.TrimEnd())
        }
        $i++
    }

    [pscustomobject]@{ Path = $Path; FrontMatter = $frontMatter; Blocks = $blocks.ToArray() }
}

# Inline markdown to plain text, as PlatyPS's parser does: backslash escapes unwound, **bold**, *italic*, __bold__ and
# _italic_ markers dropped, [text](uri) written as "text (uri)" for an absolute uri and "text" for a relative one.
# Code spans (`...`) are kept with their backticks, and nothing inside them changes. Emphasis needs its markers next to
# non-space text and away from word characters, so 'claude*' or LLM_TELEMETRY_DIR stay as they are.
function ConvertFrom-LlmtMarkdownInline {
    param([string] $Text)
    $parts = [regex]::Split($Text, '(`+[^`]*?`+)')
    $result = New-Object System.Text.StringBuilder
    foreach ($part in $parts) {
        if ($part.StartsWith('`')) { [void]$result.Append($part); continue }
        $s = [regex]::Replace($part, '(?<!\\)\[([^\]]+)\]\(([^)\s]*)\)', {
                param($m)
                $uri = $null
                if ($m.Groups[2].Value -and [Uri]::TryCreate($m.Groups[2].Value, [UriKind]::Absolute, [ref]$uri)) { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" }
                else { $m.Groups[1].Value }
            })
        $s = [regex]::Replace($s, '(?<![\w*\\])\*\*(?=\S)(.+?)(?<=[^\s\\])\*\*(?![\w*])', '$1')
        $s = [regex]::Replace($s, '(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])', '$1')
        $s = [regex]::Replace($s, '(?<![A-Za-z0-9_\\])__(?=\S)(.+?)(?<=[^\s\\])__(?![A-Za-z0-9_])', '$1')
        $s = [regex]::Replace($s, '(?<![A-Za-z0-9_\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?![A-Za-z0-9_])', '$1')
        $s = [regex]::Replace($s, '\\([\\`*_\[\]()<>])', '$1')
        [void]$result.Append($s)
    }
    $result.ToString()
}

function Test-LlmtListItem {
    param([string] $Line)
    # PlatyPS's HasListPrefix: "- ", "* " or "--" starts a list item.
    $Line -match '^\s{0,3}(- |\* |--)'
}

# The maml:para texts of a run of paragraph and code blocks (PlatyPS's GenerateParagraphs): one para per markdown
# paragraph with its lines joined by spaces, one per list item, an empty one after a list, one per code line.
function ConvertTo-LlmtParagraph {
    param([object[]] $Blocks)
    $entries = New-Object System.Collections.Generic.List[object]
    foreach ($block in $Blocks) {
        if ($block.Kind -eq 'Code') {
            foreach ($codeLine in $block.Text -split "`n") {
                if ($codeLine.Trim()) { $entries.Add([pscustomobject]@{ Text = $codeLine.TrimEnd(); List = $false }) }
            }
            continue
        }
        $current = $null
        foreach ($line in $block.Lines) {
            $isItem = Test-LlmtListItem $line
            if ($isItem -or -not $current) {
                $current = [pscustomobject]@{ Text = $line.Trim(); List = $isItem }
                $entries.Add($current)
            }
            else { $current.Text += ' ' + $line.Trim() }
        }
    }
    $previousList = $false
    foreach ($entry in $entries) {
        if ($previousList -and -not $entry.List) { '' }
        ConvertFrom-LlmtMarkdownInline $entry.Text
        $previousList = $entry.List
    }
}

# One "key: value" yaml block of a parameter, checked against the keys PlatyPS knows.
function ConvertFrom-LlmtParameterYaml {
    param([string] $File, [object] $Block, [string] $Parameter)
    $known = 'Type', 'Parameter Sets', 'Aliases', 'Accepted values', 'Required', 'Position', 'Default value',
        'Accept pipeline input', 'Accept wildcard characters'
    $pairs = @{}
    $lineNumber = $Block.Line
    foreach ($line in $Block.Text -split "`n") {
        $lineNumber++
        if (-not $line.Trim()) { continue }
        $colon = $line.IndexOf(':')
        if ($colon -lt 1) { throw (New-LlmtHelpError $File $lineNumber "the yaml of -$Parameter has '$($line.Trim())', not 'key: value'") }
        $key = $line.Substring(0, $colon).Trim()
        $canonical = $known | Where-Object { $_ -eq $key } | Select-Object -First 1
        if (-not $canonical) { throw (New-LlmtHelpError $File $lineNumber "the yaml of -$Parameter has the unknown key '$key' (known: $($known -join ', '))") }
        $pairs[$canonical] = [pscustomobject]@{ Value = $line.Substring($colon + 1).Trim(); Line = $lineNumber }
    }
    if (-not $pairs.ContainsKey('Type') -or -not $pairs['Type'].Value) { throw (New-LlmtHelpError $File $Block.Line "the yaml of -$Parameter has no Type") }

    $flag = {
        param($key)
        if (-not $pairs.ContainsKey($key) -or -not $pairs[$key].Value) { return $false }
        $v = $pairs[$key].Value
        if ($v -eq 'true') { return $true }
        if ($v -eq 'false') { return $false }
        throw (New-LlmtHelpError $File $pairs[$key].Line "${key} of -$Parameter is '$v', not True or False")
    }
    $split = {
        param($key)
        if (-not $pairs.ContainsKey($key) -or -not $pairs[$key].Value) { return , @() }
        , @($pairs[$key].Value -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    }

    $type = $pairs['Type'].Value
    if ($type -in 'switch', 'System.Management.Automation.SwitchParameter') { $type = 'SwitchParameter' }
    $position = 'named'
    if ($pairs.ContainsKey('Position') -and $pairs['Position'].Value -and $pairs['Position'].Value -ne 'Named') {
        $number = 0
        if (-not [int]::TryParse($pairs['Position'].Value, [ref]$number) -or $number -lt 0) {
            throw (New-LlmtHelpError $File $pairs['Position'].Line "Position of -$Parameter is '$($pairs['Position'].Value)', not Named or a number")
        }
        $position = [string]$number
    }
    $pipeline = 'False'
    if ($pairs.ContainsKey('Accept pipeline input') -and $pairs['Accept pipeline input'].Value) {
        $pipeline = $pairs['Accept pipeline input'].Value
        if ($pipeline -notmatch '^(False|True( \((ByValue|ByPropertyName|ByRemainingArguments)(, (ByValue|ByPropertyName|ByRemainingArguments))*\))?)$') {
            throw (New-LlmtHelpError $File $pairs['Accept pipeline input'].Line "Accept pipeline input of -$Parameter is '$pipeline', not False or True (ByValue, ByPropertyName)")
        }
    }
    $sets = & $split 'Parameter Sets'
    if ($sets.Count -eq 0) { $sets = @('(All)') }
    $default = $null
    if ($pairs.ContainsKey('Default value') -and $pairs['Default value'].Value) { $default = $pairs['Default value'].Value }

    [pscustomobject]@{
        Line           = $Block.Line
        Type           = $type
        Sets           = $sets
        Aliases        = & $split 'Aliases'
        AcceptedValues = & $split 'Accepted values'
        Required       = & $flag 'Required'
        Position       = $position
        DefaultValue   = $default
        PipelineInput  = $pipeline
        Globbing       = & $flag 'Accept wildcard characters'
    }
}

# A cmdlet page (schema 2.0.0) to the model the MAML is written from.
function ConvertFrom-LlmtCommandPage {
    param([Parameter(Mandatory)] [object] $Page)
    $file = $Page.Path
    $blocks = $Page.Blocks
    if ($blocks.Count -eq 0 -or $blocks[0].Kind -ne 'Heading' -or $blocks[0].Level -ne 1) {
        $line = if ($blocks.Count) { $blocks[0].Line } else { 0 }
        throw (New-LlmtHelpError $file $line "a cmdlet page starts with '# <cmdlet name>' after the front matter")
    }
    $name = $blocks[0].Text.Trim()
    if ($name -notmatch '^[A-Za-z]+-\S+$') { throw (New-LlmtHelpError $file $blocks[0].Line "'# $name' is not a Verb-Noun cmdlet name") }

    # ## sections, each with the blocks up to the next ## (a second # is a second command, which PlatyPS allows and
    # nothing here needs).
    $sections = [ordered]@{}
    $sectionLines = @{}
    $current = $null
    for ($k = 1; $k -lt $blocks.Count; $k++) {
        $b = $blocks[$k]
        if ($b.Kind -eq 'Heading' -and $b.Level -le 2) {
            if ($b.Level -eq 1) { throw (New-LlmtHelpError $file $b.Line "a second '# $($b.Text)' heading; one page documents one cmdlet") }
            $key = $b.Text.Trim().ToUpperInvariant()
            if ($key -notin 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS') {
                throw (New-LlmtHelpError $file $b.Line "unexpected section '## $($b.Text)' (PlatyPS knows SYNOPSIS, SYNTAX, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES, RELATED LINKS)")
            }
            if ($sections.Contains($key)) { throw (New-LlmtHelpError $file $b.Line "a second '## $($b.Text)' section (the first is on line $($sectionLines[$key]))") }
            $current = New-Object System.Collections.Generic.List[object]
            $sections[$key] = $current
            $sectionLines[$key] = $b.Line
            continue
        }
        if ($null -eq $current) { throw (New-LlmtHelpError $file $b.Line "text between '# $name' and its first ## section") }
        $current.Add($b)
    }
    if (-not $sections.Contains('SYNOPSIS')) { throw (New-LlmtHelpError $file $blocks[0].Line "'# $name' has no '## SYNOPSIS' section") }

    $textOf = {
        param([string] $section, [bool] $allowCode)
        if (-not $sections.Contains($section)) { return , @() }
        foreach ($b in $sections[$section]) {
            if ($b.Kind -eq 'Heading') { throw (New-LlmtHelpError $file $b.Line "unexpected heading '$('#' * $b.Level) $($b.Text)' in ## $section") }
            if ($b.Kind -eq 'Code' -and -not $allowCode) { throw (New-LlmtHelpError $file $b.Line "a code block in ## $section, which takes text only") }
        }
        , @(ConvertTo-LlmtParagraph $sections[$section].ToArray())
    }

    $synopsis = & $textOf 'SYNOPSIS' $false
    if (-not ($synopsis -join '').Trim()) { throw (New-LlmtHelpError $file $sectionLines['SYNOPSIS'] "## SYNOPSIS of $name is empty") }
    $description = & $textOf 'DESCRIPTION' $true
    $notes = & $textOf 'NOTES' $true

    # ## SYNTAX: "### SetName" (or "### SetName (Default)") and a code block each; a code block alone is the one set.
    $syntaxSets = New-Object System.Collections.Generic.List[object]
    if ($sections.Contains('SYNTAX')) {
        $pending = $null
        foreach ($b in $sections['SYNTAX']) {
            if ($b.Kind -eq 'Heading') {
                if ($b.Level -ne 3) { throw (New-LlmtHelpError $file $b.Line "in ## SYNTAX, parameter sets are '### <set name>' headings") }
                if ($pending) { throw (New-LlmtHelpError $file $pending.Line "parameter set '### $($pending.Name)' has no syntax code block") }
                $pending = [pscustomobject]@{ Name = ($b.Text -replace '\s*\(Default\)\s*$', '').Trim(); Line = $b.Line }
            }
            elseif ($b.Kind -eq 'Code') {
                if (-not $pending) { $pending = [pscustomobject]@{ Name = '__AllParameterSets'; Line = $b.Line } }
                $order = @([regex]::Matches($b.Text, '(?<=[\s\[])-([A-Za-z_]\w*)') | ForEach-Object { $_.Groups[1].Value })
                $syntaxSets.Add([pscustomobject]@{ Name = $pending.Name; Line = $pending.Line; CodeLine = $b.Line; Order = $order })
                $pending = $null
            }
            else { throw (New-LlmtHelpError $file $b.Line "text in ## SYNTAX, which takes '### <set name>' headings and code blocks only") }
        }
        if ($pending) { throw (New-LlmtHelpError $file $pending.Line "parameter set '### $($pending.Name)' has no syntax code block") }
    }

    # ## EXAMPLES: "### title", code blocks, then remarks. A paragraph before the code is PlatyPS's introduction, which
    # its MAML leaves out; so does this, with a warning.
    $examples = New-Object System.Collections.Generic.List[object]
    if ($sections.Contains('EXAMPLES')) {
        $example = $null
        foreach ($b in $sections['EXAMPLES']) {
            if ($b.Kind -eq 'Heading') {
                if ($b.Level -ne 3) { throw (New-LlmtHelpError $file $b.Line "in ## EXAMPLES, each example starts with a '### <title>' heading") }
                $example = [pscustomobject]@{ Title = $b.Text.Trim(); Line = $b.Line; Code = (New-Object System.Collections.Generic.List[string]); Remarks = (New-Object System.Collections.Generic.List[object]) }
                $examples.Add($example)
                continue
            }
            if (-not $example) { throw (New-LlmtHelpError $file $b.Line "text in ## EXAMPLES before the first '### <title>' heading") }
            if ($b.Kind -eq 'Code') {
                if ($example.Remarks.Count -gt 0) { throw (New-LlmtHelpError $file $b.Line "example '$($example.Title)' has a code block after its remarks; PlatyPS takes the code blocks first, then the remarks") }
                $example.Code.Add($b.Text.TrimEnd())
            }
            elseif ($example.Code.Count -eq 0) {
                Write-Warning "$file, line $($b.Line): the text before the code of example '$($example.Title)' is an introduction, which PlatyPS's MAML leaves out; put it after the code block to show it."
            }
            else { $example.Remarks.Add($b) }
        }
        foreach ($e in $examples) {
            if ($e.Code.Count -eq 0) { throw (New-LlmtHelpError $file $e.Line "example '$($e.Title)' has no code block") }
        }
    }

    # ## PARAMETERS: "### -Name", its description, then one yaml block per distinct set of metadata.
    $parameters = New-Object System.Collections.Generic.List[object]
    if ($sections.Contains('PARAMETERS')) {
        $parameter = $null
        $skipping = $false
        foreach ($b in $sections['PARAMETERS']) {
            if ($b.Kind -eq 'Heading') {
                if ($b.Level -ne 3) { throw (New-LlmtHelpError $file $b.Line "in ## PARAMETERS, each parameter starts with a '### -<name>' heading") }
                if ($parameter -and $parameter.Yaml.Count -eq 0) { throw (New-LlmtHelpError $file $parameter.Line "parameter -$($parameter.Name) has no yaml block (Type, Parameter Sets, Required, Position, ...)") }
                $parameter = $null
                $skipping = $b.Text.Trim() -in 'CommonParameters', 'WorkflowCommonParameters'
                if ($skipping) { continue }
                if ($b.Text.Trim() -notmatch '^-([A-Za-z_]\w*)$') { throw (New-LlmtHelpError $file $b.Line "'### $($b.Text)' in ## PARAMETERS is not '### -<parameter name>'") }
                $pname = $Matches[1]
                if ($parameters | Where-Object { $_.Name -eq $pname }) { throw (New-LlmtHelpError $file $b.Line "-$pname is documented twice") }
                $parameter = [pscustomobject]@{ Name = $pname; Line = $b.Line; Text = (New-Object System.Collections.Generic.List[object]); Yaml = (New-Object System.Collections.Generic.List[object]) }
                $parameters.Add($parameter)
                continue
            }
            if ($skipping) { continue }
            if (-not $parameter) { throw (New-LlmtHelpError $file $b.Line "text in ## PARAMETERS before the first '### -<name>' heading") }
            if ($b.Kind -eq 'Code' -and $b.Language -eq 'yaml') {
                $parameter.Yaml.Add((ConvertFrom-LlmtParameterYaml -File $file -Block $b -Parameter $parameter.Name))
            }
            elseif ($parameter.Yaml.Count -gt 0) { throw (New-LlmtHelpError $file $b.Line "text after the yaml block of -$($parameter.Name); the description goes between the heading and the yaml") }
            else { $parameter.Text.Add($b) }
        }
        if ($parameter -and $parameter.Yaml.Count -eq 0) { throw (New-LlmtHelpError $file $parameter.Line "parameter -$($parameter.Name) has no yaml block (Type, Parameter Sets, Required, Position, ...)") }
        foreach ($p in $parameters) {
            $p | Add-Member -NotePropertyName Description -NotePropertyValue @(ConvertTo-LlmtParagraph $p.Text.ToArray())
        }
    }

    # Syntax items: one per parameter set. The sets and the order of their parameters come from ## SYNTAX; each
    # parameter's yaml says which sets it is in ((All): every set) and with which metadata.
    $setNames = New-Object System.Collections.Generic.List[string]
    foreach ($s in $syntaxSets) { if ($setNames -notcontains $s.Name) { $setNames.Add($s.Name) } }
    foreach ($p in $parameters) {
        foreach ($y in $p.Yaml) {
            foreach ($set in $y.Sets) {
                if ($set -eq '(All)' -or $setNames -contains $set) { continue }
                if ($syntaxSets.Count -gt 0) { throw (New-LlmtHelpError $file $y.Line "-$($p.Name) is in parameter set '$set', which ## SYNTAX does not have (it has: $($setNames -join ', '))") }
                $setNames.Add($set)
            }
        }
    }
    if ($setNames.Count -gt 1) { [void]$setNames.Remove('__AllParameterSets') }
    if ($setNames.Count -eq 0) { $setNames.Add('__AllParameterSets') }
    $syntax = New-Object System.Collections.Generic.List[object]
    foreach ($set in $setNames) {
        $members = New-Object System.Collections.Generic.List[object]
        foreach ($p in $parameters) {
            $yaml = $p.Yaml | Where-Object { $_.Sets -contains $set } | Select-Object -First 1
            if (-not $yaml) { $yaml = $p.Yaml | Where-Object { $_.Sets -contains '(All)' } | Select-Object -First 1 }
            if ($yaml) { $members.Add([pscustomobject]@{ Parameter = $p; Yaml = $yaml }) }
        }
        $declared = $syntaxSets | Where-Object { $_.Name -eq $set } | Select-Object -First 1
        if ($declared) {
            foreach ($n in $declared.Order) {
                if (-not ($parameters | Where-Object { $_.Name -eq $n })) { throw (New-LlmtHelpError $file $declared.CodeLine "the syntax of set '$set' has -$n, which ## PARAMETERS does not document") }
                if (-not ($members | Where-Object { $_.Parameter.Name -eq $n })) { throw (New-LlmtHelpError $file $declared.CodeLine "the syntax of set '$set' has -$n, whose yaml does not put it in that set") }
            }
            $ordered = @($declared.Order | ForEach-Object { $n = $_; $members | Where-Object { $_.Parameter.Name -eq $n } }) +
                @($members | Where-Object { $declared.Order -notcontains $_.Parameter.Name })
            $members = $ordered
        }
        $syntax.Add(@($members))
    }

    # INPUTS and OUTPUTS: "### TypeName" and its description.
    $typesOf = {
        param([string] $section)
        $list = New-Object System.Collections.Generic.List[object]
        if (-not $sections.Contains($section)) { return , @() }
        $entry = $null
        foreach ($b in $sections[$section]) {
            if ($b.Kind -eq 'Heading') {
                if ($b.Level -ne 3) { throw (New-LlmtHelpError $file $b.Line "in ## $section, each type is a '### <type name>' heading") }
                $entry = [pscustomobject]@{ TypeName = $b.Text.Trim(); Text = (New-Object System.Collections.Generic.List[object]) }
                $list.Add($entry)
            }
            elseif (-not $entry) { throw (New-LlmtHelpError $file $b.Line "text in ## $section before the first '### <type name>' heading") }
            else { $entry.Text.Add($b) }
        }
        , @($list | ForEach-Object { [pscustomobject]@{ TypeName = $_.TypeName; Description = @(ConvertTo-LlmtParagraph $_.Text.ToArray()) } })
    }
    $inputs = & $typesOf 'INPUTS'
    $outputs = & $typesOf 'OUTPUTS'

    # RELATED LINKS: markdown links only. PlatyPS's MAML keeps the uri only when it is absolute.
    $links = New-Object System.Collections.Generic.List[object]
    if ($Page.FrontMatter['online version']) { $links.Add([pscustomobject]@{ Text = 'Online Version:'; Uri = $Page.FrontMatter['online version'] }) }
    if ($sections.Contains('RELATED LINKS')) {
        foreach ($b in $sections['RELATED LINKS']) {
            if ($b.Kind -ne 'Paragraph') { throw (New-LlmtHelpError $file $b.Line "## RELATED LINKS takes markdown links ([text](uri)) only") }
            for ($k = 0; $k -lt $b.Lines.Count; $k++) {
                $line = $b.Lines[$k]
                $rest = [regex]::Replace($line, '\[([^\]]+)\]\(([^)]*)\)', {
                        param($m)
                        $uri = $null
                        if (-not ([Uri]::TryCreate($m.Groups[2].Value, [UriKind]::Absolute, [ref]$uri))) { $uri = $null }
                        $target = if ($uri) { $m.Groups[2].Value } else { '' }
                        $links.Add([pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $target })
                        ''
                    })
                if ($rest.Trim()) { throw (New-LlmtHelpError $file ($b.Line + $k) "## RELATED LINKS has '$($rest.Trim())', which is not a markdown link ([text](uri))") }
            }
        }
    }

    $verb = $name.Split('-')[0]
    [pscustomobject]@{
        Path        = $file
        Name        = $name
        Verb        = $verb
        Noun        = $name.Substring($verb.Length + 1)
        Synopsis    = $synopsis
        Description = $description
        Syntax      = $syntax.ToArray()
        Parameters  = $parameters.ToArray()
        Inputs      = $inputs
        Outputs     = $outputs
        Notes       = $notes
        Examples    = @($examples | ForEach-Object { [pscustomobject]@{ Title = $_.Title; Code = ($_.Code -join "`n`n"); Remarks = @(ConvertTo-LlmtParagraph $_.Remarks.ToArray()) } })
        Links       = $links.ToArray()
    }
}

# PlatyPS pads example titles with dashes to 64 characters, as Get-Help shows its own examples.
function Format-LlmtExampleTitle {
    param([string] $Title)
    if (-not $Title.Trim() -or $Title.Length -ge 62) { return $Title }
    $pad = '-' * [math]::Floor((64 - $Title.Length - 2) / 2)
    "$pad $Title $pad"
}

# Writes the commands of one help file as MAML, element for element as PlatyPS's MamlRenderer does.
function Write-LlmtMaml {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [object[]] $Commands)
    $ns = Get-LlmtHelpNamespace
    $settings = New-Object System.Xml.XmlWriterSettings
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.Encoding = New-Object System.Text.UTF8Encoding $true
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $paras = {
            param([string] $prefix, [string] $local, [object[]] $texts)
            $writer.WriteStartElement($prefix, $local, $ns[$prefix])
            foreach ($t in $texts) { $writer.WriteElementString('maml', 'para', $ns.maml, [string]$t) }
            $writer.WriteEndElement()
        }
        $parameterElement = {
            param([object] $p, [object] $yaml, [bool] $inSyntax)
            $isSwitch = $yaml.Type -eq 'SwitchParameter'
            $writer.WriteStartElement('command', 'parameter', $ns.command)
            $writer.WriteAttributeString('required', $yaml.Required.ToString().ToLowerInvariant())
            $writer.WriteAttributeString('variableLength', 'true')
            $writer.WriteAttributeString('globbing', $yaml.Globbing.ToString().ToLowerInvariant())
            $writer.WriteAttributeString('pipelineInput', $yaml.PipelineInput)
            $writer.WriteAttributeString('position', $yaml.Position)
            $aliases = if ($yaml.Aliases.Count) { $yaml.Aliases -join ', ' } else { 'none' }
            $writer.WriteAttributeString('aliases', $aliases)
            $writer.WriteElementString('maml', 'name', $ns.maml, $p.Name)
            & $paras 'maml' 'Description' $p.Description
            if ($inSyntax -and $yaml.AcceptedValues.Count) {
                $writer.WriteStartElement('command', 'parameterValueGroup', $ns.command)
                foreach ($v in $yaml.AcceptedValues) {
                    $writer.WriteStartElement('command', 'parameterValue', $ns.command)
                    $writer.WriteAttributeString('required', 'false')
                    $writer.WriteAttributeString('variableLength', 'false')
                    $writer.WriteString($v)
                    $writer.WriteEndElement()
                }
                $writer.WriteEndElement()
            }
            # In syntax, PlatyPS leaves out the value of a switch so that it shows as [-Name], not [-Name <SwitchParameter>].
            if (-not $inSyntax -or -not $isSwitch) {
                $writer.WriteStartElement('command', 'parameterValue', $ns.command)
                $writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
                $writer.WriteAttributeString('variableLength', 'false')
                $writer.WriteString($yaml.Type)
                $writer.WriteEndElement()
            }
            $writer.WriteStartElement('dev', 'type', $ns.dev)
            $writer.WriteElementString('maml', 'name', $ns.maml, $yaml.Type)
            $writer.WriteStartElement('maml', 'uri', $ns.maml)
            $writer.WriteEndElement()
            $writer.WriteEndElement()
            $default = if ($isSwitch -and (-not $yaml.DefaultValue -or $yaml.DefaultValue -eq 'None')) { 'False' } elseif ($yaml.DefaultValue) { $yaml.DefaultValue } else { 'None' }
            $writer.WriteElementString('dev', 'defaultValue', $ns.dev, $default)
            $writer.WriteEndElement()
        }
        $typeElement = {
            param([string] $local, [object] $entry)
            $writer.WriteStartElement('command', $local, $ns.command)
            $writer.WriteStartElement('dev', 'type', $ns.dev)
            $writer.WriteElementString('maml', 'name', $ns.maml, $entry.TypeName)
            $writer.WriteEndElement()
            & $paras 'maml' 'description' $entry.Description
            $writer.WriteEndElement()
        }

        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $ns.msh)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($c in $Commands) {
            $writer.WriteStartElement('command', 'command', $ns.command)
            foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') { $writer.WriteAttributeString('xmlns', $prefix, 'http://www.w3.org/2000/xmlns/', $ns[$prefix]) }

            $writer.WriteStartElement('command', 'details', $ns.command)
            $writer.WriteElementString('command', 'name', $ns.command, $c.Name)
            $writer.WriteElementString('command', 'verb', $ns.command, $c.Verb)
            $writer.WriteElementString('command', 'noun', $ns.command, $c.Noun)
            & $paras 'maml' 'description' $c.Synopsis
            $writer.WriteEndElement()

            & $paras 'maml' 'description' $c.Description

            $writer.WriteStartElement('command', 'syntax', $ns.command)
            foreach ($item in $c.Syntax) {
                $writer.WriteStartElement('command', 'syntaxItem', $ns.command)
                $writer.WriteElementString('maml', 'name', $ns.maml, $c.Name)
                foreach ($m in $item) { & $parameterElement $m.Parameter $m.Yaml $true }
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()

            $writer.WriteStartElement('command', 'parameters', $ns.command)
            foreach ($p in $c.Parameters) { & $parameterElement $p $p.Yaml[0] $false }
            $writer.WriteEndElement()

            $writer.WriteStartElement('command', 'inputTypes', $ns.command)
            foreach ($t in $c.Inputs) { & $typeElement 'inputType' $t }
            $writer.WriteEndElement()

            $writer.WriteStartElement('command', 'returnValues', $ns.command)
            foreach ($t in $c.Outputs) { & $typeElement 'returnValue' $t }
            $writer.WriteEndElement()

            $writer.WriteStartElement('maml', 'alertSet', $ns.maml)
            & $paras 'maml' 'alert' $c.Notes
            $writer.WriteEndElement()

            $writer.WriteStartElement('command', 'examples', $ns.command)
            foreach ($e in $c.Examples) {
                $writer.WriteStartElement('command', 'example', $ns.command)
                $writer.WriteElementString('maml', 'title', $ns.maml, (Format-LlmtExampleTitle $e.Title))
                $writer.WriteElementString('dev', 'code', $ns.dev, $e.Code)
                & $paras 'dev' 'remarks' $e.Remarks
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()

            $writer.WriteStartElement('command', 'relatedLinks', $ns.command)
            foreach ($l in $c.Links) {
                $writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
                $writer.WriteElementString('maml', 'linkText', $ns.maml, $l.Text)
                $writer.WriteElementString('maml', 'uri', $ns.maml, $l.Uri)
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()

            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Close() }
}

# An about topic: "# Name", then "## about_Name", as PlatyPS's GetAboutTopicsFromPath recognises them.
function Test-LlmtAboutPage {
    param([object] $Page)
    $b = $Page.Blocks
    $b.Count -ge 2 -and $b[0].Kind -eq 'Heading' -and $b[1].Kind -eq 'Heading' -and $b[1].Text -match '^about'
}

# Word-wraps one line of prose; a code span (`...`) is never broken.
function Format-LlmtWrappedLine {
    param([string] $Text, [int] $Width, [string] $Indent, [string] $HangingIndent)
    $nbsp = [string][char]0x00A0
    $Text = [regex]::Replace($Text, '`+[^`]*?`+', { param($m) $m.Value.Replace(' ', [string][char]0x00A0) })
    $line = ''
    $prefix = $Indent
    foreach ($word in ($Text -split ' ' | Where-Object { $_ -ne '' } | ForEach-Object { $_.Replace($nbsp, ' ') })) {
        if ($line -and ($prefix.Length + $line.Length + 1 + $word.Length) -gt $Width) {
            $prefix + $line
            $line = $word
            $prefix = $HangingIndent
        }
        elseif ($line) { $line += ' ' + $word }
        else { $line = $word }
    }
    if ($line) { $prefix + $line }
}

# The plain-text about topic PlatyPS's TextRenderer writes: the first heading becomes TOPIC, the about_ heading the
# indented lower-case topic name, other # headings upper case, ## headings as they are, ### and deeper indented upper
# case; prose indented by 4 and wrapped at the width, code blocks indented by 4. Lines indented by 4 or more in the
# markdown (indented code) are kept as they are, indented by 4 more, and list items keep a line each.
function ConvertTo-LlmtAboutText {
    param([Parameter(Mandatory)] [object] $Page, [int] $Width = 80)
    $indent = '    '
    $out = New-Object System.Collections.Generic.List[string]
    $blocks = $Page.Blocks
    for ($k = 0; $k -lt $blocks.Count; $k++) {
        $b = $blocks[$k]
        switch ($b.Kind) {
            'Heading' {
                if ($k -eq 0) { $out.Add('TOPIC') }
                elseif ($k -eq 1) { $out.Add($indent + $b.Text.ToLowerInvariant()); $out.Add('') }
                elseif ($b.Level -eq 1) { $out.Add($b.Text.ToUpperInvariant()) }
                elseif ($b.Level -eq 2) { $out.Add($b.Text) }
                else { $out.Add($indent + $b.Text.ToUpperInvariant()) }
            }
            'Code' {
                foreach ($line in $b.Text -split "`n") { $out.Add(($indent + $line).TrimEnd()) }
                $out.Add('')
            }
            'Paragraph' {
                $prose = New-Object System.Collections.Generic.List[string]
                $flush = {
                    if ($prose.Count) {
                        foreach ($l in (Format-LlmtWrappedLine (ConvertFrom-LlmtMarkdownInline ($prose -join ' ')) $Width $indent $indent)) { $out.Add($l) }
                        $prose.Clear()
                    }
                }
                $item = $null
                foreach ($line in $b.Lines) {
                    if ($line -match '^( {4,}|\t)') {
                        . $flush
                        if ($item) { foreach ($l in (Format-LlmtWrappedLine (ConvertFrom-LlmtMarkdownInline $item) $Width $indent ($indent + '  '))) { $out.Add($l) }; $item = $null }
                        $out.Add($indent + $line.TrimEnd())
                    }
                    elseif (Test-LlmtListItem $line) {
                        . $flush
                        if ($item) { foreach ($l in (Format-LlmtWrappedLine (ConvertFrom-LlmtMarkdownInline $item) $Width $indent ($indent + '  '))) { $out.Add($l) } }
                        $item = $line.Trim()
                    }
                    elseif ($item) { $item += ' ' + $line.Trim() }
                    else { $prose.Add($line.Trim()) }
                }
                . $flush
                if ($item) { foreach ($l in (Format-LlmtWrappedLine (ConvertFrom-LlmtMarkdownInline $item) $Width $indent ($indent + '  '))) { $out.Add($l) } }
                $out.Add('')
            }
        }
    }
    while ($out.Count -and $out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    ($out -join [Environment]::NewLine) + [Environment]::NewLine
}

function ConvertTo-LlmtExternalHelp {
    <#
    .SYNOPSIS
        Compiles PlatyPS markdown (cmdlet pages, about topics) into MAML help and about_*.help.txt files.
    .DESCRIPTION
        What New-ExternalHelp -Path <Path> -OutputPath <OutputPath> -Force of PlatyPS 0.14.2 does: the cmdlet pages
        (*-*.md) are grouped by their front matter's "external help file" and written as MAML to that file name in
        OutputPath; pages whose second heading starts with "about" are written as <name>.help.txt; the module page is
        skipped. A malformed page stops it with an error naming the file and the line. Returns the files written.
    .EXAMPLE
        ConvertTo-LlmtExternalHelp -Path docs/en-US -OutputPath out/LlmTelemetry/en-US
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        # Folders of markdown pages, or single pages.
        [Parameter(Mandatory)] [string[]] $Path,
        # The folder to write to (created when missing).
        [Parameter(Mandatory)] [string] $OutputPath,
        # The line width of about topics, as New-ExternalHelp -MaxAboutWidth.
        [ValidateRange(80, 1000)] [int] $MaxAboutWidth = 80
    )

    $files = foreach ($p in $Path) {
        $resolved = (Resolve-Path -LiteralPath $p -ErrorAction Stop).ProviderPath
        if (Test-Path -LiteralPath $resolved -PathType Container) { Get-ChildItem -LiteralPath $resolved -Filter '*.md' -File | Sort-Object Name }
        else { Get-Item -LiteralPath $resolved }
    }
    if (-not (Test-Path -LiteralPath $OutputPath -PathType Container)) { New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null }
    $OutputPath = (Resolve-Path -LiteralPath $OutputPath).ProviderPath

    $groups = [ordered]@{}
    $abouts = New-Object System.Collections.Generic.List[object]
    foreach ($f in $files) {
        $page = Read-LlmtHelpMarkdown -Path $f.FullName
        if ($f.BaseName -notlike 'about_*' -and $f.BaseName -like '*-*') {
            $helpFile = $page.FrontMatter['external help file']
            if (-not $helpFile) { throw (New-LlmtHelpError $f.FullName 1 "the front matter has no 'external help file:' (the MAML file name, e.g. LlmTelemetry.dll-Help.xml)") }
            if ($helpFile.IndexOfAny([System.IO.Path]::GetInvalidFileNameChars()) -ge 0 -or $helpFile -notlike '*.xml') {
                throw (New-LlmtHelpError $f.FullName 1 "'external help file: $helpFile' is not the file name of an .xml file")
            }
            $command = ConvertFrom-LlmtCommandPage -Page $page
            if (-not $groups.Contains($helpFile)) { $groups[$helpFile] = New-Object System.Collections.Generic.List[object] }
            $groups[$helpFile].Add($command)
        }
        elseif (Test-LlmtAboutPage $page) { $abouts.Add($page) }
        elseif ($f.BaseName -like 'about_*') {
            $line = if ($page.Blocks.Count) { $page.Blocks[0].Line } else { 0 }
            throw (New-LlmtHelpError $f.FullName $line "an about topic starts with '# <Name>' and then '## about_<Name>'")
        }
        # Anything else is the module page (LlmTelemetry.md), which New-ExternalHelp leaves out as well.
    }

    foreach ($entry in $groups.GetEnumerator()) {
        $target = Join-Path $OutputPath $entry.Key
        $names = @{}
        foreach ($c in $entry.Value) {
            if ($names.ContainsKey($c.Name)) { throw (New-LlmtHelpError $c.Path 0 "$($c.Name) is documented twice (also in $($names[$c.Name]))") }
            $names[$c.Name] = $c.Path
        }
        Write-LlmtMaml -Path $target -Commands $entry.Value.ToArray()
        Get-Item -LiteralPath $target
    }
    foreach ($page in $abouts) {
        $name = [System.IO.Path]::GetFileNameWithoutExtension($page.Path)
        if ($name -notlike 'about_*') { $name = 'about_' + $name }
        $target = Join-Path $OutputPath ($name + '.help.txt')
        [System.IO.File]::WriteAllText($target, (ConvertTo-LlmtAboutText -Page $page -Width $MaxAboutWidth), (New-Object System.Text.UTF8Encoding $true))
        Get-Item -LiteralPath $target
    }
}
