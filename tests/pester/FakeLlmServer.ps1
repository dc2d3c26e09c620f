# Shared by the *.Tests.ps1 files that call a model (dot-sourced in BeforeAll): a fake provider on the loopback
# interface, so Invoke-LlmChat runs its real HTTP path against replies taken from ../shared/fixtures/api.

# A loopback OpenAI-compatible server: an HttpListener on 127.0.0.1 served from a background runspace, answering
# each request with the next of -Responses (Status, Body, ContentType, Headers, DelayMs) and logging what it got.
function Start-LlmtFakeServer {
    param([hashtable[]] $Responses)
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start()
    $port = $probe.LocalEndpoint.Port
    $probe.Stop()
    $listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $hostName = '127.0.0.1'
    try { $listener.Start() }
    catch [System.Net.HttpListenerException] {
        # Windows' http.sys lets a user without a URL reservation listen on localhost only.
        $listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("http://localhost:$port/")
        $listener.Start()
        $hostName = 'localhost'
    }
    $log = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
    $ps = [powershell]::Create()
    $null = $ps.AddScript({
        param($Listener, $Responses, $Log)
        foreach ($r in $Responses) {
            $context = $Listener.GetContext()
            $reader = [System.IO.StreamReader]::new($context.Request.InputStream)
            $Log.Enqueue([pscustomobject]@{
                Path          = $context.Request.Url.AbsolutePath
                Body          = $reader.ReadToEnd()
                Authorization = $context.Request.Headers['Authorization']
            })
            if ($r.DelayMs) { Start-Sleep -Milliseconds $r.DelayMs }
            $context.Response.StatusCode = if ($r.Status) { $r.Status } else { 200 }
            $context.Response.ContentType = if ($r.ContentType) { $r.ContentType } else { 'application/json' }
            if ($r.Headers) { foreach ($h in $r.Headers.GetEnumerator()) { $context.Response.AddHeader($h.Key, $h.Value) } }
            $bytes = [System.Text.Encoding]::UTF8.GetBytes($r.Body)
            $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
            $context.Response.Close()
        }
    }).AddArgument($listener).AddArgument($Responses).AddArgument($log)
    $handle = $ps.BeginInvoke()
    [pscustomobject]@{ Uri = [uri]"http://${hostName}:$port/v1"; Listener = $listener; PowerShell = $ps; Handle = $handle; Requests = $log }
}

function Stop-LlmtFakeServer($Server) {
    if (-not $Server) { return }
    $Server.Listener.Close()
    $Server.PowerShell.Stop()
    $Server.PowerShell.Dispose()
}

function Get-LlmtRequestBodies($Server) { @($Server.Requests.ToArray() | ForEach-Object { $_.Body | ConvertFrom-Json }) }
