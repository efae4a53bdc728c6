#!/bin/bash
# bench/push-upgrade.sh: push against plain parallel OpenSSH and Ansible's apt module, upgrading one package on N
# testbed hosts from the same repository, side by side in one run, for one or more N (the cost curve). Run by hand,
# as root, under the testbed lock, after `mvn -DskipTests package` (it asks for `apt-get install ansible gnuplot-nox`):
#
#   bench/push-upgrade.sh                                  # 8 hosts, 3 runs, medians
#   bench/push-upgrade.sh --hosts 4 --runs 1               # a quick try
#   bench/push-upgrade.sh --hosts 8,24,48 --runs 3 --chart /tmp/push-curve.png
#   flock -o /tmp/speedy-testbed-dev.lock bench/push-upgrade.sh --hosts 8,24
#
# It makes a small package in two versions, publishes both with repo-tool, serves the repository on the testbed
# bridge and starts hosts bench1..benchM once (M the largest N; testbed's addresses .11 to .249 allow 239;
# each idle host takes about 17 MiB), and stops them at the end. For each N, the first N hosts; per run, for each
# contender: every one of the N hosts is put back on 1.0-1 (push install), then the contender is timed upgrading
# them to 1.1-1, then dpkg-query on every host must show 1.1-1 (a bench that changed nothing fails):
#   push       `push upgrade PKG --all --parallel N` (its default is 32 hosts at once)
#   plain ssh  `ssh` to all N hosts at once (& and wait; BatchMode, testbed's known_hosts and key, host keys checked),
#              each running what push runs there: apt-get update of the repository's source list only, apt-cache
#              policy, apt-get install PKG=1.1-1 (same env and -o options as push's AptCommands), dpkg-query
#   ansible    `ansible -f N -m apt` (state=latest, update_cache=yes), host keys checked likewise
# Prints one table (medians of --runs: hosts, push s, plain ssh s, ansible s, push/ssh, ansible/push) and draws it as
# a PNG, seconds against hosts, one line per contender, to --chart FILE (default: bench-push-curve.png here).
#
# options: --hosts N[,N...] (default 8)   --runs R (default 3)   --chart FILE (default ./bench-push-curve.png)
set -euo pipefail

HOSTS=8
RUNS=3
CHART=$PWD/bench-push-curve.png
while [ $# -gt 0 ]; do
    case "$1" in
        --hosts) HOSTS=${2:?--hosts needs N or a list N,N,...}; shift 2 ;;
        --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
        --chart) CHART=${2:?--chart needs a file}; shift 2 ;;
        -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done
[[ $HOSTS =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "bench: --hosts takes N or N,N,... not '$HOSTS'" >&2; exit 64; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench: --runs takes a number from 1, not '$RUNS'" >&2; exit 64; }
mapfile -t SIZES < <(tr , '\n' <<<"$HOSTS" | sort -n -u)
for n in "${SIZES[@]}"; do
    [ "$n" -ge 1 ] && [ "$n" -le 239 ] || { echo "bench: host counts go from 1 to 239, not $n" >&2; exit 64; }
done
MAX=${SIZES[-1]}
case "$CHART" in /*) ;; *) CHART=$PWD/$CHART ;; esac

REPO=$(cd "$(dirname "$0")/.." && pwd)
command -v ansible >/dev/null || { echo "bench: ansible missing: apt-get install ansible" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "bench: gnuplot missing: apt-get install gnuplot-nox" >&2; exit 1; }
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
OLD=1.0-1
NEW=1.1-1
make_deb() { # version
    local d=$WORK/build-$1
    mkdir -p "$d/DEBIAN" "$d/usr/share/$PKG"
    printf 'Package: %s\nVersion: %s\nArchitecture: all\nMaintainer: Bench <bench@speedy.example>\n%s\n' \
        "$PKG" "$1" 'Description: bench package
 for bench/push-upgrade.sh' >"$d/DEBIAN/control"
    head -c 200000 /dev/urandom >"$d/usr/share/$PKG/payload"
    dpkg-deb --root-owner-group --build "$d" "$WORK/${PKG}_$1_all.deb" >/dev/null
}
make_deb "$OLD"
make_deb "$NEW"
"$REPO/bin/repo-tool" init "$WORK/apt" --suite dev --arch amd64 >/dev/null
"$REPO/bin/repo-tool" key generate -r "$WORK/apt" >/dev/null
"$REPO/bin/repo-tool" publish -r "$WORK/apt" --suite dev "$WORK"/*.deb >/dev/null

NAMES=()
for i in $(seq 1 "$MAX"); do NAMES+=("bench$i"); done
echo "bench: starting $MAX testbed hosts" >&2
UP_START=$(date +%s)
"$REPO/bin/testbed" up "${NAMES[@]}" >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; exit 1; }
echo "bench: $MAX hosts up in $(( $(date +%s) - UP_START )) s" >&2
"$REPO/bin/repo-tool" serve -r "$WORK/apt" --bind 10.213.7.1 --port 0 >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do grep -qso 'http://[0-9.:]*' "$WORK/serve.log" && break; sleep 0.2; done
URL=$(grep -o 'http://[0-9.:]*' "$WORK/serve.log" | head -1)/

STATE=/var/lib/speedy-testbed
KNOWN_HOSTS=$STATE/known_hosts
KEY=$STATE/ssh/id_ed25519
declare -A ADDRESS
while read -r name address; do ADDRESS[$name]=$address; done < <("$REPO/bin/testbed" status --json | python3 -c '
import json, sys
for h in json.load(sys.stdin)["hosts"]:
    print(h["name"], h["address"])')
for name in "${NAMES[@]}"; do
    [ -n "${ADDRESS[$name]:-}" ] || { echo "bench: testbed did not start $name" >&2; exit 1; }
done

# Per host count N, the first N hosts: push's inventory and Ansible's.
for n in "${SIZES[@]}"; do
    {
        echo "repository: {url: $URL, suite: dev, keyring: $WORK/apt/conf/archive-keyring.gpg}"
        echo "ssh: {user: root, known_hosts: $KNOWN_HOSTS, keys: [$KEY]}"
        echo "groups: {bench: {packages: [$PKG]}}"
        echo "hosts:"
        for name in "${NAMES[@]:0:n}"; do echo "  $name: {address: ${ADDRESS[$name]}, groups: [bench]}"; done
    } >"$WORK/inventory-$n.yaml"
    {
        echo "[bench]"
        for name in "${NAMES[@]:0:n}"; do echo "$name ansible_host=${ADDRESS[$name]}"; done
        echo "[bench:vars]"
        echo "ansible_user=root"
        echo "ansible_ssh_private_key_file=$KEY"
        echo "ansible_ssh_common_args='-o UserKnownHostsFile=$KNOWN_HOSTS -o StrictHostKeyChecking=yes'"
        echo "ansible_python_interpreter=/usr/bin/python3"
    } >"$WORK/hosts-$n.ini"
done

export PUSH_LOG_DIR=$WORK/push-logs ANSIBLE_HOST_KEY_CHECKING=True
push() { # N ARGS...: push on the first N hosts, its output kept only when it fails
    local n=$1
    shift
    PUSH_INVENTORY=$WORK/inventory-$n.yaml "$REPO/bin/push" "$@" >"$WORK/push.log" 2>&1 \
        || { cat "$WORK/push.log" >&2; exit 1; }
}
push "$MAX" apt-source --all

SSH_OPTS=(-i "$KEY" -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile="$KNOWN_HOSTS"
    -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -o LogLevel=ERROR)
# What push runs on a host to upgrade (hosts/core: AptCommands, InstallJob, HostSteps.updateLists), as root needs no
# sudo: the update of its own source list only, the policy it plans from, the install of the planned version with
# the same options, and the dpkg-query it checks the result with.
APT_ENV='env LC_ALL=C DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1'
UPGRADE="$APT_ENV apt-get update -q -o Dir::Etc::sourcelist=/etc/apt/sources.list.d/speedy.sources \
-o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 \
&& env LC_ALL=C apt-cache policy $PKG \
&& $APT_ENV apt-get install -y -q --allow-downgrades -o Dpkg::Options::=--force-confdef \
-o Dpkg::Options::=--force-confold -o DPkg::Lock::Timeout=120 $PKG=$NEW \
&& dpkg-query --show '--showformat=\${Package}\\t\${Version}\\t\${db:Status-Abbrev}\\n' $PKG"

# Runs CMD on the first N hosts at once, one ssh each; fails naming the hosts where it failed.
on_all() { # N CMD
    local n=$1 cmd=$2 name failed=() pids=()
    for name in "${NAMES[@]:0:n}"; do
        ssh "${SSH_OPTS[@]}" "root@${ADDRESS[$name]}" "$cmd" >"$WORK/ssh-$name.log" 2>&1 &
        pids+=("$!")
    done
    local i=0
    for name in "${NAMES[@]:0:n}"; do
        wait "${pids[i]}" || failed+=("$name")
        i=$((i + 1))
    done
    if [ ${#failed[@]} -gt 0 ]; then
        for name in "${failed[@]}"; do echo "--- $name:" >&2; tail -5 "$WORK/ssh-$name.log" >&2; done
        echo "bench: plain ssh failed on ${failed[*]}" >&2
        return 1
    fi
}

# After each timed run: dpkg on every one of the N hosts must show NEW installed, or the contender did nothing.
check_upgraded() { # N CONTENDER
    local n=$1 name bad=()
    on_all "$n" "dpkg-query --show --showformat='\${Version} \${db:Status-Abbrev}' $PKG" \
        || { echo "bench: $2: dpkg-query failed" >&2; exit 1; }
    for name in "${NAMES[@]:0:n}"; do
        [ "$(cat "$WORK/ssh-$name.log")" = "$NEW ii " ] || bad+=("$name: $(cat "$WORK/ssh-$name.log")")
    done
    if [ ${#bad[@]} -gt 0 ]; then
        echo "bench: $2 did not upgrade every host to $NEW: ${bad[*]}" >&2
        exit 1
    fi
}

seconds() { # runs a command, prints its wall time in seconds
    local start end
    start=$(date +%s.%N)
    "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; return 1; }
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

DATA=$WORK/curve.dat
echo "# hosts push ssh ansible" >"$DATA"
for n in "${SIZES[@]}"; do
    push_t=()
    ssh_t=()
    ansible_t=()
    for run in $(seq 1 "$RUNS"); do
        push "$n" install "$PKG=$OLD" --all
        t=$(PUSH_INVENTORY=$WORK/inventory-$n.yaml seconds "$REPO/bin/push" upgrade "$PKG" --all --parallel "$n")
        push_t+=("$t")
        check_upgraded "$n" push

        push "$n" install "$PKG=$OLD" --all
        t=$(seconds on_all "$n" "$UPGRADE")
        ssh_t+=("$t")
        check_upgraded "$n" "plain ssh"

        push "$n" install "$PKG=$OLD" --all
        t=$(seconds ansible bench -i "$WORK/hosts-$n.ini" -f "$n" -m apt \
            -a "name=$PKG state=latest update_cache=yes")
        ansible_t+=("$t")
        changed=$(grep -c '| CHANGED' "$WORK/last.log" || true)
        [ "$changed" -eq "$n" ] || { echo "bench: ansible changed $changed of $n hosts" >&2; exit 1; }
        check_upgraded "$n" ansible
        echo "bench: $n hosts, run $run: push ${push_t[-1]} s, plain ssh ${ssh_t[-1]} s," \
            "ansible ${ansible_t[-1]} s" >&2
    done
    echo "$n $(median "${push_t[@]}") $(median "${ssh_t[@]}") $(median "${ansible_t[@]}")" >>"$DATA"
done

printf '\nupgrade %s %s -> %s, median of %d run(s), %d cores, %s\n' "$PKG" "$OLD" "$NEW" "$RUNS" "$(nproc)" \
    "$(date -u +%Y-%m-%d)"
awk 'NR == 1 { printf "%6s %9s %12s %11s %9s %13s\n", "hosts", "push s", "plain ssh s", "ansible s", "push/ssh",
                      "ansible/push"; next }
     { printf "%6d %9.2f %12.2f %11.2f %9.2f %13.2f\n", $1, $2, $3, $4, $2 / $3, $4 / $2 }' "$DATA"
echo "(push/ssh: at most 1.1 is the target; ansible/push: at least 2 is the target)"
jvm=()
for _ in 1 2 3; do jvm+=("$(seconds "$REPO/bin/push" --version)"); done
echo "push's JVM start and exit alone (bin/push --version): $(median "${jvm[@]}") s"

gnuplot <<EOF
set terminal pngcairo size 800,500
set output '$CHART'
set title "upgrade one package on N testbed hosts ($(nproc) cores, median of $RUNS, $(date -u +%Y-%m-%d))"
set xlabel 'hosts'
set ylabel 'seconds'
set key top left
set yrange [0:*]
set xrange [0:$MAX * 1.1]
set xtics ($(awk 'NR > 1 { printf "%s%s", sep, $1; sep = ", " }' "$DATA"))
plot '$DATA' using 1:2 with linespoints title 'push upgrade', \
     '' using 1:3 with linespoints title 'plain parallel ssh', \
     '' using 1:4 with linespoints title 'ansible -m apt (-f N)'
EOF
echo "chart: $CHART"
