#!/bin/bash
# bench/db-switchover.sh: what clients of speedy-app see during `push db switchover`, with 2 and with 8 app hosts:
# failed requests, and how long the longest write was held. Run by hand (as root, after `mvn -DskipTests package`):
#
#   bench/db-switchover.sh              # 2 and 8 app hosts, 3 switchovers each, medians
#   bench/db-switchover.sh --runs 5
#
# It publishes the three .debs with repo-tool, serves them on the testbed bridge, starts testbed hosts db1, db2 and
# app1..app8 (and stops them at the end), makes db2 a standby of db1 with push db replica, and installs the three
# services on the app hosts with push. Per run, a poster per app host POSTs to speedy-app every 50 ms for as long as
# the switchover runs: speedy-app reads from the standby and holds writes (up to its db.hold, 10 s) until the
# promotion, so a client should see latency, not errors. Printed per app-host count (medians): failed requests (any
# answer but 201), the longest request, and push's own time (which goes on to re-attach the old primary as a
# standby). The switchovers alternate db1 -> db2 -> db1. There is no peer to compare with in Debian's packages that
# does this without a consensus store (Patroni needs etcd or similar); the targets: no failed request, and the
# longest write held under 10 s with 8 app hosts.
set -euo pipefail

RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$REPO/hosts/cli/target/push.jar" ] && [ -f "$REPO/repo-tool/cli/target/repo-tool.jar" ] \
    && ls "$REPO"/packages/speedy-app/target/speedy-app_*_all.deb >/dev/null 2>&1 \
    || { echo "bench: build first: mvn -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d /tmp/bench-switchover.XXXXXX)
SERVER=
cleanup() {
    [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
    "$REPO/bin/testbed" down >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

PACKAGES=(speedy-app speedy-notifier speedy-jobs)
"$REPO/bin/repo-tool" init "$WORK/apt" --suite dev --arch amd64 >/dev/null
"$REPO/bin/repo-tool" key generate -r "$WORK/apt" >/dev/null
"$REPO/bin/repo-tool" publish -r "$WORK/apt" --suite dev \
    "$REPO"/packages/speedy-{app,notifier,jobs}/target/speedy-*_all.deb >/dev/null

APPS=(app1 app2 app3 app4 app5 app6 app7 app8)
echo "bench: starting testbed hosts db1 db2 ${APPS[*]}" >&2
"$REPO/bin/testbed" up db1 db2 "${APPS[@]}" >/dev/null
"$REPO/bin/repo-tool" serve -r "$WORK/apt" --bind 10.213.7.1 --port 0 >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do grep -qo 'http://[0-9.:]*' "$WORK/serve.log" && break; sleep 0.2; done
URL=$(grep -o 'http://[0-9.:]*' "$WORK/serve.log" | head -1)/

STATE=/var/lib/speedy-testbed
address() { "$REPO/bin/testbed" status --json | python3 -c "
import json, sys
print([h['address'] for h in json.load(sys.stdin)['hosts'] if h['name'] == '$1'][0])"; }
inventory() { # APP-HOST-COUNT: db1, db2 and the first N app hosts
    echo "repository: {url: $URL, suite: dev, keyring: $WORK/apt/conf/archive-keyring.gpg}"
    echo "ssh: {user: root, known_hosts: $STATE/known_hosts, keys: [$STATE/ssh/id_ed25519]}"
    echo "secrets: {recipients: [$(age-keygen -y "$WORK/operator/age-identity.txt")], identity: $WORK/operator/age-identity.txt}"
    echo "groups: {db: {}, app: {packages: [speedy-app, speedy-notifier, speedy-jobs]}}"
    echo "hosts:"
    echo "  db1: {address: $(address db1), groups: [db]}"
    echo "  db2: {address: $(address db2), groups: [db]}"
    for app in "${APPS[@]:0:$1}"; do echo "  $app: {address: $(address "$app"), groups: [app]}"; done
}
mkdir -p "$WORK/operator" "$WORK/inventory"
age-keygen -o "$WORK/operator/age-identity.txt" 2>/dev/null
inventory 8 >"$WORK/inventory/inventory-8.yaml"
inventory 2 >"$WORK/inventory/inventory-2.yaml"

export PUSH_INVENTORY=$WORK/inventory/inventory-8.yaml PUSH_LOG_DIR=$WORK/push-logs
push() { "$REPO/bin/push" "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; exit 1; }; }
echo "bench-$RANDOM$RANDOM" >"$WORK/db-password"
for name in "${PACKAGES[@]}"; do
    push config set "$name" db.password --from-file "$WORK/db-password" --store-only
done
echo "bench: db1 the primary (push db init), db2 its standby; the services on ${#APPS[@]} app hosts" >&2
push db init db1
push db replica db2 --from db1
push apt-source app
push install "${PACKAGES[@]}" app
for name in "${PACKAGES[@]}"; do
    push config set "$name" db.password --from-file "$WORK/db-password"
done

post() { # APP-HOST: the HTTP status of one POST
    curl -s -o /dev/null -w '%{http_code}' -m 5 -H 'Content-Type: application/json' \
        -d '{"author":"bench","body":"switchover"}' "http://$(address "$1"):8080/api/posts" || true
}
for app in "${APPS[@]}"; do
    for _ in $(seq 1 120); do [ "$(post "$app")" = 201 ] && break; sleep 0.5; done
done

now() { date +%s.%N; }
# Appends "STATUS SECONDS" per POST to FILE for as long as FLAG exists.
poster() { # ADDRESS FILE FLAG
    while [ -e "$3" ]; do
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -m 15 -H 'Content-Type: application/json' \
            -d '{"author":"bench","body":"switchover"}' "http://$1:8080/api/posts" >>"$2" || true
        sleep 0.05
    done
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
primary=db1
declare -A FAILED_MEDIAN LONGEST_MEDIAN PUSH_MEDIAN
for count in 2 8; do
    export PUSH_INVENTORY=$WORK/inventory/inventory-$count.yaml
    failed_n=()
    longest_t=()
    push_t=()
    for run in $(seq 1 "$RUNS"); do
        target=$([ $primary = db1 ] && echo db2 || echo db1)
        touch "$WORK/running"
        rm -f "$WORK"/poster-*
        pids=()
        for app in "${APPS[@]:0:$count}"; do
            poster "$(address "$app")" "$WORK/poster-$app" "$WORK/running" &
            pids+=($!)
        done
        start=$(now)
        push db switchover --to "$target"
        push_t+=("$(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.2f", e - s }')")
        rm -f "$WORK/running"
        wait "${pids[@]}"
        requests=$(cat "$WORK"/poster-* | wc -l)
        failed=$(cat "$WORK"/poster-* | awk '$1 != 201' | wc -l)
        longest=$(cat "$WORK"/poster-* | awk '{ print $2 }' | sort -n | tail -1)
        failed_n+=("$failed")
        longest_t+=("$longest")
        primary=$target
        echo "bench: $count app hosts, run $run: -> $target in ${push_t[-1]} s; $requests writes, $failed failed" \
            "($(cat "$WORK"/poster-* | awk '$1 != 201 { print $1 }' | sort | uniq -c | tr -s ' \n' ' ')), longest" \
            "$longest s; push's steps:" >&2
        grep '^==>' "$WORK/last.log" | sed 's/^/    /' | cut -c1-110 >&2
    done
    FAILED_MEDIAN[$count]=$(median "${failed_n[@]}")
    LONGEST_MEDIAN[$count]=$(median "${longest_t[@]}")
    PUSH_MEDIAN[$count]=$(median "${push_t[@]}")
done

printf '\npush db switchover under writes, median of %d run(s) each, %d cores\n' "$RUNS" "$(nproc)"
printf '%-10s %16s %22s %16s\n' "APP HOSTS" "FAILED WRITES" "LONGEST WRITE (s)" "PUSH DONE (s)"
for count in 2 8; do
    printf '%-10s %16s %22s %16s\n' "$count" "${FAILED_MEDIAN[$count]}" "${LONGEST_MEDIAN[$count]}" \
        "${PUSH_MEDIAN[$count]}"
done
awk -v f="${FAILED_MEDIAN[8]}" -v t="${LONGEST_MEDIAN[8]}" 'BEGIN { printf "targets with 8 app hosts: no failed" \
    " write: %s; longest write under 10 s: %s\n", (f == 0 ? "met" : "missed"), (t < 10 ? "met" : "missed") }'
