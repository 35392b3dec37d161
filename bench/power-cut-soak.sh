#!/usr/bin/env bash
# Power-cut (process-kill) soak: PowerCutTest with many more SIGKILLs (default 100) than the CI run's 6.
#   bench/power-cut-soak.sh [KILLS] [SEED]
# Runs offline (mvn -o) on 127.0.0.1 only; prints the per-kill lines and the figures
# kills / survived / completed / reverted. Exit status is the test's.
set -uo pipefail
cd "$(dirname "$0")/.."
KILLS="${1:-100}"
SEED="${2:-$(date +%s)}"
REPORT="target/power-cut-soak-report.txt"
rm -f "$REPORT"
start=$(date +%s)
mvn -q -o test -Dtest=PowerCutTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dpowercut.kills="$KILLS" -Dpowercut.seed="$SEED" -Dpowercut.report="$REPORT" > target/power-cut-soak-mvn.log 2>&1
rc=$?
echo "power-cut soak: $KILLS kills, seed $SEED, $(( $(date +%s) - start )) s, mvn exit $rc"
if [ -f "$REPORT" ]; then
  cat "$REPORT"
  grep RESULT "$REPORT" | sed -E 's/.*kills=([0-9]+) survived=([0-9]+) completed=([0-9]+) reverted=([0-9]+).*/kills \/ survived \/ completed \/ reverted: \1 \/ \2 \/ \3 \/ \4   (a revert only when boot.attempts kills in a row hit one new slot)/'
else
  echo "no report: see target/power-cut-soak-mvn.log"; tail -40 target/power-cut-soak-mvn.log
fi
exit $rc
