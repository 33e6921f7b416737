#!/usr/bin/env bash
# Usage: eng/failed-tests.sh CONSOLE_LOG [MAX_LINES]
# Lists every failed test of a `dotnet test --logger "console;verbosity=normal"` log with the first line of its error
# message, at most MAX_LINES lines (default 40), then the first failure's whole message (at most 30 lines: a fixture's
# message carries the log tails of the processes it started), so the tail of a CI log always says what failed and why.
set -euo pipefail
log="${1:?console log}"
max="${2:-40}"
awk -v max="$max" '
  # "  Failed NAME [DURATION]", then "  Error Message:", then the message up to "  Stack Trace:".
  /^  Failed / { name = substr($0, 10); sub(/ \[[^]]*\]$/, "", name); failed++; want = 0; pending = name; next }
  pending != "" && /^  Error Message:/ { want = 1; next }
  want == 1 {
    message = $0; sub(/^ +/, "", message)
    if (length(message) > 200) message = substr(message, 1, 200) "..."
    lines[++n] = "  " pending; lines[++n] = "    " message
    if (failed == 1) { first = pending; whole[++w] = $0 }
    want = (failed == 1) ? 2 : 0; pending = ""; next
  }
  want == 2 && /^  Stack Trace:/ { want = 0; next }
  want == 2 && w < 30 { line = $0; if (length(line) > 300) line = substr(line, 1, 300) "..."; whole[++w] = line; next }
  END {
    if (failed == 0) exit
    print "failed tests (" failed "):"
    shown = 0
    for (i = 1; i < n && shown < int((max - 2) / 2); i += 2) { print lines[i]; print lines[i + 1]; shown++ }
    if (shown < failed) print "  ... and " (failed - shown) " more (search the log for \"  Failed \")"
    if (w > 1) { print "the first failure in full (" first "):"; for (i = 1; i <= w; i++) print whole[i] }
  }' "$log"
