#!/bin/bash
# bench/db-drills.sh: the database pair's invariant drills (DbDrillIT) with many injected faults, for longer runs than
# CI's 12. Run by hand, as root, from a checkout whose reactor builds offline:
#
#   bench/db-drills.sh                           # 200 faults, a seed from the clock
#   bench/db-drills.sh --faults 400 --seed 42    # a given seed replays the same faults in the same order
#   bench/db-drills.sh --seed 42 --runs 17,103   # replay only those runs of seed 42
#   bench/db-drills.sh --operations switchover,rejoin
#
# Each run interrupts one of push db switchover, failover, rejoin or replica with one fault (a host killed, PostgreSQL
# stopped, its postmaster kill -9ed, a link down, push SIGKILLed) at a seeded moment, recovers by what push printed,
# and checks: no acknowledged write lost, no data directory emptied that held a database, never two writable
# primaries while db points at either, and the pair healthy again. It prints the runs per operation, fault kind and
# step hit, the time per fault, and every violation with its seed and history excerpt; it exits 1 if any was found.
# On a machine shared with others, wrap it in the testbed lock: flock -o /tmp/speedy-testbed-dev.lock bench/db-drills.sh
set -euo pipefail

FAULTS=200
SEED=$(date +%s)
RUNS=
OPERATIONS=switchover,failover,rejoin,replica
while [ $# -gt 0 ]; do
    case "$1" in
        --faults) FAULTS=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --operations) OPERATIONS=$2; shift 2 ;;
        -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "bench: must run as root (the testbed needs it)" >&2; exit 1; }

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/bench-drills.XXXXXX)
trap '"$REPO/bin/testbed" down >/dev/null 2>&1 || true' EXIT
echo "bench: $FAULTS faults, seed $SEED; maven's output in $WORK/mvn.log" >&2
status=0
(cd "$REPO" && mvn -B -o -pl hosts/cli -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=DbDrillIT -Ddrill.faults="$FAULTS" -Ddrill.seed="$SEED" \
    -Ddrill.runs="$RUNS" -Ddrill.operations="$OPERATIONS" -Ddrill.report="$WORK/report.txt") >"$WORK/mvn.log" 2>&1 \
    || status=$?
grep '^drills: ' "$WORK/mvn.log" | grep -v '^drills: seed .*faults in' >&2 || true
if [ -f "$WORK/report.txt" ]; then
    cat "$WORK/report.txt"
else
    echo "bench: the drills did not finish; the end of maven's output:" >&2
    tail -40 "$WORK/mvn.log" >&2
fi
exit $((status == 0 ? 0 : 1))
