#!/usr/bin/env bash
# Whole-process timings of llm-telemetry beside ccusage 20.0.24 on one Claude Code tree, interleaved round by round
# so that both see the same machine load: first import into a fresh store, re-import of the unchanged tree,
# `ccusage daily --offline --json`, and `costs --by day`. Prints the median of N rounds and the peak RSS.
#   bench/versus-ccusage.sh <tree with projects/> <llm-telemetry binary> [rounds=5] [ccusage=ccusage]
# Make a tree with: dotnet run -c Release --project bench/LlmTelemetry.Benchmarks -- claude-tree <tree> [projects]
set -euo pipefail
tree=$1; cli=$2; rounds=${3:-5}; ccusage=${4:-ccusage}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Every call imported (the tree's days may be older than the default 30-day raw retention), store and config apart.
export LLM_RETENTION_DAYS=100000 LLM_STORAGE_MAX_SIZE_MB=100000 LLM_TELEMETRY_CONFIG_DIR="$work/config"
run() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "$name %e %M" "$@" > /dev/null 2>> "$work/times" || { echo "$name failed"; tail -3 "$work/times"; exit 1; }
}
for _ in $(seq "$rounds"); do
  rm -rf "$work/store"
  run first "$cli" import claude-code --path "$tree" --dir "$work/store" --json
  run again "$cli" import claude-code --path "$tree" --dir "$work/store" --json
  CLAUDE_CONFIG_DIR="$tree" run ccusage "$ccusage" daily --offline --json
  run costs "$cli" costs --by day --days 3650 --dir "$work/store" --json
done
grep -E '^(first|again|ccusage|costs) ' "$work/times" | sort -k1,1 -k2,2n | awk '
  { t[$1] = t[$1] " " $2; n[$1]++; v[$1, n[$1]] = $2; if ($3 > m[$1]) m[$1] = $3 }
  END { for (k in n) printf "%-8s median %.2f s  (runs:%s)  peak RSS %d MB\n", k, v[k, int((n[k] + 1) / 2)], t[k], m[k] / 1024 }'
