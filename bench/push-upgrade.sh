#!/bin/bash
# bench/push-upgrade.sh: push against Ansible's apt module, upgrading one package on N testbed hosts from the same
# repository, side by side in one run. Run by hand (as root, after `mvn -DskipTests package`; it asks for
# `apt-get install ansible`):
#
#   bench/push-upgrade.sh              # 8 hosts, 3 runs, medians
#   bench/push-upgrade.sh --hosts 4 --runs 5
#
# It makes a small package in two versions, publishes both with repo-tool, serves the repository on the testbed
# bridge, starts hosts bench1..benchN (and stops them at the end), and per run: puts every host on 1.0-1, then times
# `push upgrade` to the newest; puts them back on 1.0-1, then times `ansible -f N -m apt` (state=latest,
# update_cache=yes) doing the same. Both refresh the package lists and check host keys against testbed's known_hosts.
# Prints each tool's median wall time and the ratio (Ansible's time divided by push's: above 1, push is faster).
set -euo pipefail

HOSTS=8
RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
        --hosts) HOSTS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
command -v ansible >/dev/null || { echo "bench: ansible missing: apt-get install ansible" >&2; exit 1; }
[ -f "$REPO/hosts/cli/target/push.jar" ] && [ -f "$REPO/repo-tool/cli/target/repo-tool.jar" ] \
    || { echo "bench: build first: mvn -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d /tmp/bench-push.XXXXXX)
SERVER=
cleanup() {
    [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
    "$REPO/bin/testbed" down >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

PKG=bench-svc
make_deb() { # version
    local d=$WORK/build-$1
    mkdir -p "$d/DEBIAN" "$d/usr/share/$PKG"
    printf 'Package: %s\nVersion: %s\nArchitecture: all\nMaintainer: Bench <bench@speedy.example>\nDescription: bench package\n for bench/push-upgrade.sh\n' \
        "$PKG" "$1" >"$d/DEBIAN/control"
    head -c 200000 /dev/urandom >"$d/usr/share/$PKG/payload"
    dpkg-deb --root-owner-group --build "$d" "$WORK/${PKG}_$1_all.deb" >/dev/null
}
make_deb 1.0-1
make_deb 1.1-1
"$REPO/bin/repo-tool" init "$WORK/apt" --suite dev --arch amd64 >/dev/null
"$REPO/bin/repo-tool" key generate -r "$WORK/apt" >/dev/null
"$REPO/bin/repo-tool" publish -r "$WORK/apt" --suite dev "$WORK"/*.deb >/dev/null

names=()
for i in $(seq 1 "$HOSTS"); do names+=("bench$i"); done
echo "bench: starting ${#names[@]} testbed hosts" >&2
"$REPO/bin/testbed" up "${names[@]}" >/dev/null
"$REPO/bin/repo-tool" serve -r "$WORK/apt" --bind 10.213.7.1 --port 0 >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do grep -qo 'http://[0-9.:]*' "$WORK/serve.log" && break; sleep 0.2; done
URL=$(grep -o 'http://[0-9.:]*' "$WORK/serve.log" | head -1)/

STATE=/var/lib/speedy-testbed
{
    echo "repository: {url: $URL, suite: dev, keyring: $WORK/apt/conf/archive-keyring.gpg}"
    echo "ssh: {user: root, known_hosts: $STATE/known_hosts, keys: [$STATE/ssh/id_ed25519]}"
    echo "groups: {bench: {packages: [$PKG]}}"
    echo "hosts:"
    "$REPO/bin/testbed" status --json | python3 -c '
import json, sys
for h in json.load(sys.stdin)["hosts"]:
    if h["name"].startswith("bench"):
        print("  %s: {address: %s, groups: [bench]}" % (h["name"], h["address"]))'
} >"$WORK/inventory.yaml"
{
    echo "[bench]"
    "$REPO/bin/testbed" status --json | python3 -c '
import json, sys
for h in json.load(sys.stdin)["hosts"]:
    if h["name"].startswith("bench"):
        print("%s ansible_host=%s" % (h["name"], h["address"]))'
    echo "[bench:vars]"
    echo "ansible_user=root"
    echo "ansible_ssh_private_key_file=$STATE/ssh/id_ed25519"
    echo "ansible_ssh_common_args='-o UserKnownHostsFile=$STATE/known_hosts -o StrictHostKeyChecking=yes'"
    echo "ansible_python_interpreter=/usr/bin/python3"
} >"$WORK/hosts.ini"

export PUSH_INVENTORY=$WORK/inventory.yaml PUSH_LOG_DIR=$WORK/push-logs ANSIBLE_HOST_KEY_CHECKING=True
push() { "$REPO/bin/push" "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; exit 1; }; }
push apt-source --all
seconds() { # runs a command, prints its wall time in seconds
    local start end
    start=$(date +%s.%N)
    "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; exit 1; }
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}

PUSH_T=()
ANSIBLE_T=()
for run in $(seq 1 "$RUNS"); do
    push install "$PKG=1.0-1" --all
    PUSH_T+=("$(seconds "$REPO/bin/push" upgrade "$PKG" --all)")
    push install "$PKG=1.0-1" --all
    ANSIBLE_T+=("$(seconds ansible bench -i "$WORK/hosts.ini" -f "$HOSTS" -m apt \
        -a "name=$PKG state=latest update_cache=yes")")
    grep -q 'CHANGED' "$WORK/last.log" || { echo "bench: ansible changed nothing" >&2; exit 1; }
    echo "bench: run $run: push ${PUSH_T[-1]} s, ansible ${ANSIBLE_T[-1]} s" >&2
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
p=$(median "${PUSH_T[@]}")
a=$(median "${ANSIBLE_T[@]}")
printf '\nupgrade %s on %d hosts, median of %d run(s), %d cores\n' "$PKG" "$HOSTS" "$RUNS" "$(nproc)"
printf '%-24s %8.2f s\n' "push upgrade" "$p" "ansible apt (forks=$HOSTS)" "$a"
awk -v a="$a" -v p="$p" 'BEGIN { printf "ratio (ansible / push): %.2f\n", a / p }'
