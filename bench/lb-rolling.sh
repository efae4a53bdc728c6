#!/bin/bash
# bench/lb-rolling.sh: what a user of the product sees through the load balancer while speedy-app is upgraded on N
# app hosts, with `push upgrade app --rolling` and with a plain `push upgrade app` (no balancer coordination), with 3
# and with 8 app hosts. Run by hand (as root, after `mvn -DskipTests package`):
#
#   bench/lb-rolling.sh                     # 3 and 8 app hosts, 3 runs each, medians
#   bench/lb-rolling.sh --runs 1 --hosts 3
#
# It publishes speedy-app (as built, and repackaged one Debian revision higher), speedy-notifier, speedy-jobs and
# speedy-lb with repo-tool, serves them on the testbed bridge, starts testbed hosts lb1, db1 and app1..app8 (and stops
# them at the end), makes db1 the primary, installs the services on the app hosts and speedy-lb on lb1 with push, and
# syncs the balancer's pool to the first N app hosts. Per run and kind: every app host is put back on the built
# version (healthy, in the pool), then a client alternates GET and POST /api/posts through the balancer, a new
# connection each, for as long as push upgrades to the newer one. Printed per app-host count and kind: the median
# requests, failed requests (any status but 200/201, or no answer), the client's p99 latency and push's wall time;
# then the ratio of the plain upgrade's time to the rolling one's. The target: no failed request in a rolling upgrade.
set -euo pipefail

RUNS=3
COUNTS="3 8"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --hosts) COUNTS=$2; shift 2 ;;
        -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done
for count in $COUNTS; do
    case "$count" in
        [2-8]) ;;
        *) echo "bench: --hosts takes app-host counts from 2 to 8, not $count" >&2; exit 64 ;;
    esac
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$REPO/hosts/cli/target/push.jar" ] && [ -f "$REPO/repo-tool/cli/target/repo-tool.jar" ] \
    && ls "$REPO"/packages/speedy-{app,notifier,jobs}/target/speedy-*_all.deb >/dev/null 2>&1 \
    && ls "$REPO"/hosts/lb/target/speedy-lb_*_all.deb >/dev/null 2>&1 \
    || { echo "bench: build first: mvn -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d /tmp/bench-lb.XXXXXX)
SERVER=
CLIENT=
cleanup() {
    [ -z "$CLIENT" ] || kill "$CLIENT" 2>/dev/null || true
    [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
    "$REPO/bin/testbed" down >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
BEGAN=$EPOCHSECONDS

# Two versions of speedy-app: as built, and the same one Debian revision higher (its /healthz reports the version from
# usr/share/speedy-app/package-version, which push's rolling upgrade checks).
APP_DEB=$(ls "$REPO"/packages/speedy-app/target/speedy-app_*_all.deb | head -1)
OLD=$(dpkg-deb --field "$APP_DEB" Version)
NEW=$(echo "$OLD" | sed -E 's/-([0-9]+)$//')-$(($(echo "$OLD" | sed -E 's/.*-([0-9]+)$/\1/') + 1))
dpkg-deb -R "$APP_DEB" "$WORK/deb-new"
sed -i "s/^Version: .*/Version: $NEW/" "$WORK/deb-new/DEBIAN/control"
echo "$NEW" >"$WORK/deb-new/usr/share/speedy-app/package-version"
(cd "$WORK/deb-new" && find usr -type f -exec md5sum {} + >DEBIAN/md5sums)
dpkg-deb --root-owner-group -b "$WORK/deb-new" "$WORK/speedy-app_${NEW}_all.deb" >/dev/null

# The suite keeps every version published (push install speedy-app=OLD below goes back to the older one).
"$REPO/bin/repo-tool" init "$WORK/apt" --suite dev --arch amd64 >/dev/null
"$REPO/bin/repo-tool" key generate -r "$WORK/apt" >/dev/null
"$REPO/bin/repo-tool" publish -r "$WORK/apt" --suite dev "$REPO"/packages/speedy-{app,notifier,jobs}/target/speedy-*_all.deb \
    "$REPO"/hosts/lb/target/speedy-lb_*_all.deb "$WORK/speedy-app_${NEW}_all.deb" >/dev/null

APPS=(app1 app2 app3 app4 app5 app6 app7 app8)
MOST=$(printf '%s\n' $COUNTS | sort -n | tail -1)
echo "bench: speedy-app $OLD -> $NEW; starting testbed hosts lb1 db1 ${APPS[*]:0:$MOST}" >&2
"$REPO/bin/testbed" up lb1 db1 "${APPS[@]:0:$MOST}" >/dev/null
"$REPO/bin/repo-tool" serve -r "$WORK/apt" --bind 10.213.7.1 --port 0 >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do grep -qo 'http://[0-9.:]*' "$WORK/serve.log" && break; sleep 0.2; done
URL=$(grep -o 'http://[0-9.:]*' "$WORK/serve.log" | head -1)/

STATE=/var/lib/speedy-testbed
"$REPO/bin/testbed" status --json >"$WORK/status.json"
address() { python3 -c "
import json, sys
print([h['address'] for h in json.load(open('$WORK/status.json'))['hosts'] if h['name'] == '$1'][0])"; }
declare -A ADDRESS
for host in lb1 db1 "${APPS[@]:0:$MOST}"; do ADDRESS[$host]=$(address "$host"); done
LB=${ADDRESS[lb1]}
inventory() { # APP-HOST-COUNT: db1, lb1 and the first N app hosts
    echo "repository: {url: $URL, suite: dev, keyring: $WORK/apt/conf/archive-keyring.gpg}"
    echo "ssh: {user: root, known_hosts: $STATE/known_hosts, keys: [$STATE/ssh/id_ed25519]}"
    echo "secrets: {recipients: [$(age-keygen -y "$WORK/operator/age-identity.txt")], identity: $WORK/operator/age-identity.txt}"
    echo "groups: {lb: {packages: [speedy-lb]}, db: {}, app: {packages: [speedy-app, speedy-notifier, speedy-jobs]}}"
    echo "hosts:"
    echo "  db1: {address: ${ADDRESS[db1]}, groups: [db]}"
    echo "  lb1: {address: $LB, groups: [lb]}"
    for app in "${APPS[@]:0:$1}"; do echo "  $app: {address: ${ADDRESS[$app]}, groups: [app]}"; done
}
mkdir -p "$WORK/operator" "$WORK/inventory"
age-keygen -o "$WORK/operator/age-identity.txt" 2>/dev/null
for count in $COUNTS; do inventory "$count" >"$WORK/inventory/inventory-$count.yaml"; done

export PUSH_INVENTORY=$WORK/inventory/inventory-$MOST.yaml PUSH_LOG_DIR=$WORK/push-logs
push() { "$REPO/bin/push" "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; exit 1; }; }
echo "bench-$RANDOM$RANDOM" >"$WORK/db-password"
for name in speedy-app speedy-notifier speedy-jobs; do
    push config set "$name" db.password --from-file "$WORK/db-password" --store-only
done
echo "bench: db1 the primary (push db init); the services on $MOST app hosts, speedy-lb on lb1" >&2
push db init db1
push apt-source --all
push install speedy-lb lb
push install "speedy-app=$OLD" speedy-notifier speedy-jobs app
for name in speedy-app speedy-notifier speedy-jobs; do
    push config set "$name" db.password --from-file "$WORK/db-password"
done

# Waits until each of the first N app hosts' /healthz answers 200 for VERSION (from this machine), or fails.
await_healthy() { # APP-HOST-COUNT VERSION
    local app answer
    for app in "${APPS[@]:0:$1}"; do
        for _ in $(seq 1 180); do
            answer=$(curl -s -m 5 -w ' %{http_code}' "http://${ADDRESS[$app]}:8080/healthz" || true)
            case "$answer" in *"\"package\":\"$2\""*" 200") continue 2 ;; esac
            sleep 0.5
        done
        echo "bench: $app not healthy at $2 within 90 s: $answer" >&2
        exit 1
    done
}
await_balancer() {
    for _ in $(seq 1 120); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://$LB/api/posts" || true)" = 200 ] && return
        sleep 0.5
    done
    echo "bench: GET /api/posts through the balancer not 200 within 60 s" >&2
    exit 1
}
# Every one of the first N app hosts on the built version, healthy, not draining, and in the balancer's pool.
back_to_old() { # APP-HOST-COUNT
    local app
    push install "speedy-app=$OLD" app
    for app in "${APPS[@]:0:$1}"; do # only a failed rolling upgrade leaves one, but it costs little
        "$REPO/bin/testbed" ssh "$app" rm -f /var/lib/speedy-app/draining
    done
    await_healthy "$1" "$OLD"
    push lb sync
    await_balancer
}

# The user: GET and POST /api/posts in turn through the balancer, a new connection each, until STOP-FILE exists (or
# 20000 requests, or 10 minutes). One line per request: start (epoch s), method, status, seconds, curl's exit code;
# a failed one also goes to OUT.failed with what came back.
client() { # OUT STOP-FILE TAG
    local n=0 until=$((EPOCHSECONDS + 600)) t method line
    local body=$WORK/client-body
    while [ ! -e "$2" ] && [ $n -lt 20000 ] && [ "$EPOCHSECONDS" -lt $until ]; do
        t=$EPOCHREALTIME
        if [ $((n % 2)) = 0 ]; then
            method=GET
            line=$(curl -s -o "$body" -w '%{http_code} %{time_total} %{exitcode}' -m 15 -H 'Connection: close' \
                -H 'Accept: application/json' "http://$LB/api/posts" || true)
        else
            method=POST
            line=$(curl -s -o "$body" -w '%{http_code} %{time_total} %{exitcode}' -m 15 -H 'Connection: close' \
                -H 'Accept: application/json' -H 'Content-Type: application/json' \
                -d "{\"author\":\"bench\",\"body\":\"lb-$3-$n\"}" "http://$LB/api/posts" || true)
        fi
        echo "$t $method $line" >>"$1"
        case "$line" in
            200\ * | 201\ *) ;;
            *) printf '%s %s %s %s\n' "$(date -d "@$t" +%T.%3N)" "$method" "$line" \
                "$(head -c 200 "$body" 2>/dev/null | tr '\n' ' ')" >>"$1.failed" ;;
        esac
        n=$((n + 1))
    done
}

# One measured upgrade; sets RESULT to "requests failed p99-ms push-s push-exit-status".
measure() { # APP-HOST-COUNT KIND(rolling|plain) RUN
    local out=$WORK/client-$1-$2-$3 stop=$WORK/stop rc=0 start end
    : >"$out"
    rm -f "$stop"
    client "$out" "$stop" "$1-$2-$3" &
    CLIENT=$!
    start=$EPOCHREALTIME
    if [ "$2" = rolling ]; then
        "$REPO/bin/push" upgrade app --rolling >"$WORK/last.log" 2>&1 || rc=$?
    else
        "$REPO/bin/push" upgrade app >"$WORK/last.log" 2>&1 || rc=$?
    fi
    end=$EPOCHREALTIME
    PUSH_END=$end
    touch "$stop"
    for _ in $(seq 1 40); do kill -0 "$CLIENT" 2>/dev/null || break; sleep 0.5; done # its last request: 15 s at most
    kill "$CLIENT" 2>/dev/null || true
    wait "$CLIENT" 2>/dev/null || true
    CLIENT=
    cp "$WORK/last.log" "$WORK/push-$1-$2-$3.log"
    RESULT="$(awk '{ n++; if ($3 != 200 && $3 != 201) f++ } END { printf "%d %d", n, f }' "$out")"
    RESULT+=" $(awk '{ print $4 * 1000 }' "$out" | sort -n \
        | awk '{ a[NR] = $1 } END { i = int(NR * 0.99); if (i < NR * 0.99) i++; if (i < 1) i = 1; printf "%.0f", a[i] }')"
    RESULT+=" $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') $rc"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
declare -A ALL_REQ ALL_FAIL ALL_P99 ALL_PUSH
PUSH_FAILED=0
ROLLING_FAILED=0
for count in $COUNTS; do
    export PUSH_INVENTORY=$WORK/inventory/inventory-$count.yaml
    for run in $(seq 1 "$RUNS"); do
        for kind in rolling plain; do
            back_to_old "$count"
            measure "$count" "$kind" "$run"
            read -r requests failed p99 seconds rc <<<"$RESULT"
            ALL_REQ[$count-$kind]+=" $requests"
            ALL_FAIL[$count-$kind]+=" $failed"
            ALL_P99[$count-$kind]+=" $p99"
            ALL_PUSH[$count-$kind]+=" $seconds"
            [ "$kind" = plain ] || ROLLING_FAILED=$((ROLLING_FAILED + failed))
            echo "bench: $count app hosts, run $run, $kind: $requests requests, $failed failed, p99 $p99 ms," \
                "push $seconds s (exit $rc)" >&2
            failures=$WORK/client-$count-$kind-$run.failed
            if [ -s "$failures" ]; then
                echo "bench: the failed requests (time, method, status, seconds, curl exit, answer):" >&2
                sed 's/^/    /' "$failures" | head -40 | cut -c1-170 >&2
                [ "$(wc -l <"$failures")" -le 40 ] || echo "    ... $(wc -l <"$failures") in all" >&2
            fi
            if [ "$rc" != 0 ]; then
                PUSH_FAILED=$((PUSH_FAILED + 1))
                echo "bench: push upgrade ($kind) failed; its output:" >&2
                sed 's/^/    /' "$WORK/push-$count-$kind-$run.log" >&2
            else
                await_healthy "$count" "$NEW"
                echo "bench: every app host healthy at $NEW $(awk -v s="$PUSH_END" -v e="$EPOCHREALTIME" \
                    'BEGIN { printf "%.1f", e - s }') s after push ended (the client stopped with push)" >&2
            fi
        done
    done
done

printf '\nspeedy-app %s -> %s through the balancer (speedy-lb), median of %d run(s) each, %d cores\n' \
    "$OLD" "$NEW" "$RUNS" "$(nproc)"
printf '%-10s %-9s %10s %8s %8s %8s\n' "APP HOSTS" "UPGRADE" "REQUESTS" "FAILED" "P99 ms" "PUSH s"
for count in $COUNTS; do
    for kind in rolling plain; do
        # shellcheck disable=SC2086 # the lists split into their numbers
        printf '%-10s %-9s %10s %8s %8s %8s\n' "$count" "$kind" "$(median ${ALL_REQ[$count-$kind]})" \
            "$(median ${ALL_FAIL[$count-$kind]})" "$(median ${ALL_P99[$count-$kind]})" \
            "$(median ${ALL_PUSH[$count-$kind]})"
    done
done
for count in $COUNTS; do
    # shellcheck disable=SC2086
    awk -v p="$(median ${ALL_PUSH[$count-plain]})" -v r="$(median ${ALL_PUSH[$count-rolling]})" -v c="$count" \
        'BEGIN { printf "ratio (plain / rolling push time), %d app hosts: %.2f\n", c, p / r }'
done
echo "target: no failed request during a rolling upgrade: $([ "$ROLLING_FAILED" = 0 ] && echo met \
    || echo "missed ($ROLLING_FAILED failed over all rolling runs)")"
[ "$PUSH_FAILED" = 0 ] || echo "push upgrade failed in $PUSH_FAILED run(s) (see above)"
echo "bench: $((EPOCHSECONDS - BEGAN)) s in all" >&2
