#!/usr/bin/env bash
# Usage: eng/failed-tests.sh CONSOLE_LOG [MAX_LINES]
# Lists every failed test of a `dotnet test --logger "console;verbosity=normal"` log with the first line of its error
# message, at most MAX_LINES lines (default 40), so the tail of a CI log always says what failed and why.
set -euo pipefail
log="${1:?console log}"
max="${2:-40}"
awk -v max="$max" '
  # "  Failed NAME [DURATION]", then "  Error Message:", then the message (its first line is enough here).
  /^  Failed / { name = substr($0, 10); sub(/ \[[^]]*\]$/, "", name); failed++; want = 0; pending = name; next }
  pending != "" && /^  Error Message:/ { want = 1; next }
  want == 1 {
    message = $0; sub(/^ +/, "", message)
    if (length(message) > 200) message = substr(message, 1, 200) "..."
    lines[++n] = "  " pending; lines[++n] = "    " message
    want = 0; pending = ""; next
  }
  END {
    if (failed == 0) exit
    print "failed tests (" failed "):"
    shown = 0
    for (i = 1; i < n && shown < int((max - 2) / 2); i += 2) { print lines[i]; print lines[i + 1]; shown++ }
    if (shown < failed) print "  ... and " (failed - shown) " more (search the log for \"  Failed \")"
  }' "$log"
