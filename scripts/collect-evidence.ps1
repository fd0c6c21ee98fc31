<#
.SYNOPSIS
  Collects activation evidence for activation-doctor: the Application event log as
  XML, slmgr /dlv all and ospp /dstatus, one folder per machine.

.DESCRIPTION
  Not tested in this project's CI (there is no Windows there). See
  docs/collecting-evidence.md.

.EXAMPLE
  .\collect-evidence.ps1
  .\collect-evidence.ps1 -ComputerName PC01,PC02 -OutputRoot \\server\share\evidence
  .\collect-evidence.ps1 -ComputerName KMS01 -KmsHostLog
#>
[CmdletBinding()]
param(
    # Machines to collect from; the default is this machine (no remoting needed).
    [string[]] $ComputerName = @($env:COMPUTERNAME),
    # Folder that gets one sub-folder per machine.
    [string] $OutputRoot = (Join-Path (Get-Location) 'evidence'),
    # Export the whole Application log instead of only the licensing providers.
    [switch] $FullApplicationLog,
    # Also export the "Key Management Service" log (on KMS hosts).
    [switch] $KmsHostLog
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

# Runs on the target machine; returns a hashtable of file name -> text.
$collect = {
    param([bool] $FullApplicationLog, [bool] $KmsHostLog)
    $ErrorActionPreference = 'Continue'
    $files = @{}

    # Oldest first, one <Event> per line, as wevtutil qe /f:xml prints them.
    function Get-EventXml([hashtable[]] $Filters) {
        # One query per filter: Get-WinEvent fails a whole query when one provider is not registered.
        $events = foreach ($filter in $Filters) { Get-WinEvent -FilterHashtable $filter -ErrorAction SilentlyContinue }
        if (-not $events) { return '' }
        ($events | Sort-Object RecordId | ForEach-Object { $_.ToXml() }) -join "`r`n"
    }

    if ($FullApplicationLog) {
        $files['Application.xml'] = Get-EventXml @(@{ LogName = 'Application' })
    } else {
        $files['Application.xml'] = Get-EventXml @(
            @{ LogName = 'Application'; ProviderName = 'Microsoft-Windows-Security-SPP' },
            @{ LogName = 'Application'; ProviderName = 'Office Software Protection Platform Service' }
        )
    }

    if ($KmsHostLog) {
        $files['KeyManagementService.xml'] = Get-EventXml @(@{ LogName = 'Key Management Service' })
    }

    $slmgr = Join-Path $env:windir 'System32\slmgr.vbs'
    $files['slmgr-dlv.txt'] = (& cscript.exe //nologo $slmgr /dlv all 2>&1 | Out-String)

    $roots = @($env:ProgramFiles, ${env:ProgramFiles(x86)}) | Where-Object { $_ } | Select-Object -Unique
    foreach ($root in $roots) {
        foreach ($ospp in Get-ChildItem -Path (Join-Path $root 'Microsoft Office\Office1*\ospp.vbs') -ErrorAction SilentlyContinue) {
            $name = if ($root -eq ${env:ProgramFiles(x86)}) { "ospp-x86-$($ospp.Directory.Name).txt" } else { "ospp-$($ospp.Directory.Name).txt" }
            $files[$name] = (& cscript.exe //nologo $ospp.FullName /dstatus 2>&1 | Out-String)
        }
    }
    $files
}

$utf8 = New-Object System.Text.UTF8Encoding($false)
foreach ($computer in $ComputerName) {
    $short = ($computer -split '\.')[0].ToUpperInvariant()
    $folder = Join-Path $OutputRoot $short
    New-Item -ItemType Directory -Force -Path $folder | Out-Null
    try {
        if ($short -eq $env:COMPUTERNAME.ToUpperInvariant()) {
            $files = & $collect $FullApplicationLog.IsPresent $KmsHostLog.IsPresent
        } else {
            $files = Invoke-Command -ComputerName $computer -ScriptBlock $collect -ArgumentList $FullApplicationLog.IsPresent, $KmsHostLog.IsPresent
        }
        foreach ($name in $files.Keys) {
            [System.IO.File]::WriteAllText((Join-Path $folder $name), [string] $files[$name], $utf8)
        }
        Write-Host "${short}: $($files.Count) file(s) in $folder"
    } catch {
        [System.IO.File]::WriteAllText((Join-Path $folder 'ERROR.txt'), "Could not collect from ${computer}: $($_.Exception.Message)", $utf8)
        Write-Warning "${short}: $($_.Exception.Message)"
    }
}
