# Set up QMS on Windows (Python 3.11 or later from python.org, on PATH):
# a virtual environment in .venv and the project in it. PySide6's Windows wheels carry Qt's libraries.
#   powershell -ExecutionPolicy Bypass -File scripts\setup.ps1         # to run QMS
#   powershell -ExecutionPolicy Bypass -File scripts\setup.ps1 -Dev    # also the test and lint tools
param([switch]$Dev)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

if (-not (Test-Path ".venv\Scripts\python.exe")) {
    if (Get-Command py -ErrorAction SilentlyContinue) { py -3 -m venv .venv } else { python -m venv .venv }
}
.venv\Scripts\python -m pip install -q --upgrade pip
$target = if ($Dev) { ".[dev]" } else { "." }
.venv\Scripts\python -m pip install -q -e $target
Write-Host "QMS đã sẵn sàng / ready: .venv\Scripts\qms --help"
