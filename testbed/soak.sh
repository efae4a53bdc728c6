#!/bin/bash
# testbed/soak.sh: `bin/testbed up 3`, an ssh command on each host, `bin/testbed down`, ROUNDS times (default 30),
# while every core is kept busy, and after each round a count of what testbed left behind: processes, mounts, network
# namespaces, veths, the bridge, cgroups and state files. Exits 1 on any failure or leftover. Run by hand, as root, on a
# machine where nobody else is using the testbed (each round ends with `down`); not part of CI.
#
#   testbed/soak.sh [ROUNDS]
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
readonly REPO
readonly TESTBED=$REPO/bin/testbed
readonly STATE=${SPEEDY_TESTBED_STATE:-/var/lib/speedy-testbed}
readonly ROUNDS=${1:-30}
readonly HOSTS=3
# The burners stop themselves after this long, or as soon as this script is gone, even if it is killed outright.
readonly BURN_LIMIT_SECONDS=7200

[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "soak: ROUNDS must be a positive number, not '$ROUNDS'" >&2; exit 64; }
[ "$(id -u)" = 0 ] || { echo "soak: must run as root (bin/testbed does)" >&2; exit 64; }
if [ -n "$(ls -A "$STATE/hosts" 2>/dev/null)" ]; then
    echo "soak: testbed has hosts ($STATE/hosts); every round ends with \`bin/testbed down\`: stop them first" >&2
    exit 64
fi

logs=$(mktemp -d /tmp/testbed-soak.XXXXXX)
burners=()

start_burners() {
    local n
    for ((n = 0; n < $(nproc); n++)); do
        # shellcheck disable=SC2016  # the burner's own shell expands these
        timeout "$BURN_LIMIT_SECONDS" bash -c 'while kill -0 "$1" 2>/dev/null; do
            for ((i = 0; i < 200000; i++)); do :; done; done' _ $$ &
        burners+=("$!")
    done
}

stop_burners() {
    local pid
    for pid in "${burners[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${burners[@]}"; do wait "$pid" 2>/dev/null || true; done
    burners=()
}
trap stop_burners EXIT

# What testbed left behind, one line each; nothing when it left nothing.
leftovers() {
    local p args
    for p in /proc/[0-9]*; do
        args=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue   # a process may end while this looks
        case "$args" in
            *systemd-nspawn*" -M host"[0-9]*) echo "process ${p#/proc/}: $args" ;;
        esac
    done
    grep -F " $STATE/" /proc/mounts | sed 's/^/mount: /' || true
    ip netns list | grep '^spdtb-' | sed 's/^/netns: /' || true
    ip -o link show | awk -F': ' '$2 ~ /^(vtb-|spdtb0)/ { print "link: " $2 }'
    find /sys/fs/cgroup -maxdepth 2 -name speedy-testbed 2>/dev/null | sed 's/^/cgroup: /'
    for p in "$STATE/hosts" "$STATE/known_hosts" "$REPO/hosts/inventory/testbed.yaml"; do
        [ ! -e "$p" ] || echo "state: $p"
    done
}

# Runs one step of a round with its output in the round's log; prints its seconds (with tenths).
step() {
    local log=$1 started
    shift
    started=$(date +%s%N)
    echo "\$ $*" >>"$log"
    "$@" >>"$log" 2>&1 </dev/null || { echo "exit $?" >>"$log"; return 1; }
    printf '%d.%d' $(( ($(date +%s%N) - started) / 1000000000 )) $(( ($(date +%s%N) - started) / 100000000 % 10 ))
}

seconds() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e9 }'; }

failures=0
leftover_rounds=0
times=()
start_burners
echo "soak: $ROUNDS rounds of up $HOSTS / ssh / down, ${#burners[@]} CPU burners (pids ${burners[*]}); logs in $logs"
for ((round = 1; round <= ROUNDS; round++)); do
    log=$logs/round-$round.log
    round_started=$(date +%s%N)
    failed=""
    up=$(step "$log" "$TESTBED" up "$HOSTS") || failed="up"
    ssh_started=$(date +%s%N)
    if [ -z "$failed" ]; then
        for ((n = 1; n <= HOSTS; n++)); do
            answer=$(timeout 60 "$TESTBED" ssh "host$n" hostname </dev/null 2>>"$log") || answer="(exit $?)"
            [ "$answer" = "host$n" ] || { failed="ssh host$n: $answer"; echo "ssh host$n: $answer" >>"$log"; }
        done
    fi
    ssh_time=$(seconds $(( $(date +%s%N) - ssh_started )))
    down=$(step "$log" "$TESTBED" down) || failed="${failed:+$failed, }down"
    round_ns=$(( $(date +%s%N) - round_started ))
    times+=("$round_ns")
    left=$(leftovers)
    [ -z "$failed" ] || failures=$((failures + 1))
    [ -z "$left" ] || leftover_rounds=$((leftover_rounds + 1))
    printf 'round %2d/%d: %s in %s s (up %s s, ssh %s s, down %s s); leftovers: %s\n' "$round" "$ROUNDS" \
        "${failed:+FAILED ($failed; see $log)}${failed:-ok}" "$(seconds "$round_ns")" "${up:-?}" "$ssh_time" \
        "${down:-?}" "$([ -z "$left" ] && echo none || echo "$left" | paste -sd ';' -)"
    if [ -n "$left" ] && [ -z "$failed" ]; then "$TESTBED" down >>"$log" 2>&1 || true; fi
done
stop_burners

final=$(leftovers)
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "soak: $ROUNDS rounds, $failures failed, $leftover_rounds with leftovers; at the end: $([ -z "$final" ] \
    && echo "nothing left" || echo "$final" | paste -sd ';' -)"
echo "soak: seconds per round: min $(seconds "$(head -1 <<<"$sorted")"), median $(seconds \
    "$(sed -n "$(( (ROUNDS + 1) / 2 ))p" <<<"$sorted")"), max $(seconds "$(tail -1 <<<"$sorted")")"
[ "$failures" -eq 0 ] && [ "$leftover_rounds" -eq 0 ] && [ -z "$final" ]
