#!/bin/bash
# bench/backup.sh: the backups' figures on testbed hosts. Run by hand (as root, after `mvn -DskipTests package`):
#
#   bench/backup.sh                    # a database of about 2 GB (pgbench scale 130), 3 runs each, medians
#   bench/backup.sh --scale 20 --runs 5
#
# Hosts db1 (the primary, alone), backup1 (speedy-backup) and scratch1 are started (and stopped at the end); db1's
# database speedy gets pgbench's tables at the given scale, and `push backup setup` takes the first base backup. Then,
# per run:
#   - base backup: `push backup now` (Barman: pg_basebackup through its slot, plus its own bookkeeping) against plain
#     `pg_basebackup -X stream --checkpoint=fast` run as barman on backup1 into the same disk, from the same primary;
#     printed as MB/s and the ratio (the target: Barman at least 0.9 of plain pg_basebackup);
#   - restore drill (the RTO): `push backup drill scratch1`, its own RTO line (restore and recovery to the point).
# The RPO with both db hosts lost is measured by BackupIT (hosts/cli), where a writer's every acknowledged post is
# looked for in the restored database.
set -euo pipefail

RUNS=3
SCALE=130
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --scale) SCALE=$2; shift 2 ;;
        -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$REPO/hosts/cli/target/push.jar" ] && ls "$REPO"/backup/target/speedy-backup_*_all.deb >/dev/null 2>&1 \
    || { echo "bench: build first: mvn -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d /tmp/bench-backup.XXXXXX)
cleanup() {
    "$REPO/bin/testbed" down >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "bench: starting testbed hosts db1 backup1 scratch1" >&2
"$REPO/bin/testbed" up db1 backup1 scratch1 >/dev/null
STATE=/var/lib/speedy-testbed
address() { "$REPO/bin/testbed" status --json | python3 -c "
import json, sys
print([h['address'] for h in json.load(sys.stdin)['hosts'] if h['name'] == '$1'][0])"; }
on() { "$REPO/bin/testbed" ssh "$@"; }

mkdir -p "$WORK/operator" "$WORK/inventory"
age-keygen -o "$WORK/operator/age-identity.txt" 2>/dev/null
cat >"$WORK/inventory/inventory.yaml" <<EOF
ssh: {user: root, known_hosts: $STATE/known_hosts, keys: [$STATE/ssh/id_ed25519]}
secrets: {recipients: [$(age-keygen -y "$WORK/operator/age-identity.txt")], identity: $WORK/operator/age-identity.txt}
groups: {db: {}, backup: {}}
hosts:
  db1: {address: $(address db1), groups: [db]}
  backup1: {address: $(address backup1), groups: [backup]}
  scratch1: {address: $(address scratch1)}
backup: {server: backup1}
EOF
export PUSH_INVENTORY=$WORK/inventory/inventory.yaml PUSH_LOG_DIR=$WORK/push-logs
push() { "$REPO/bin/push" "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; exit 1; }; }

deb=$(ls "$REPO"/backup/target/speedy-backup_*_all.deb | head -1)
scp -q -i "$STATE/ssh/id_ed25519" -o UserKnownHostsFile="$STATE/known_hosts" "$deb" \
    "root@$(address backup1):/root/speedy-backup.deb"
on backup1 env DEBIAN_FRONTEND=noninteractive apt-get install -y -q /root/speedy-backup.deb >/dev/null
echo "bench: db1: pgbench -i -s $SCALE" >&2
echo "bench-$RANDOM$RANDOM" >"$WORK/db-password"
push config set speedy-app db.password --from-file "$WORK/db-password" --store-only
push db init db1
on db1 sh -c "cd / && runuser -u postgres -- pgbench -q -i -s $SCALE speedy" >/dev/null 2>&1
SIZE=$(on db1 sh -c "cd / && runuser -u postgres -- psql -XAtc \"SELECT pg_database_size('speedy')\"" | tr -d '\r')
echo "bench: database speedy is $((SIZE >> 20)) MiB; push backup setup (the first base backup)" >&2
push backup setup

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }
barman_times=() plain_times=() rto=()
for run in $(seq 1 "$RUNS"); do
    start=$(now); push backup now; end=$(now)
    barman_times+=("$(echo "$end - $start" | bc)")
    # Only pg_basebackup is timed: removing the copy (2 GB of files) is not part of taking it.
    on backup1 rm -rf /var/lib/barman/bench-plain
    start=$(now)
    on backup1 sh -c "cd / && runuser -u barman -- \
        /usr/lib/postgresql/15/bin/pg_basebackup -h db -U streaming_barman -D /var/lib/barman/bench-plain \
        -X stream --checkpoint=fast"
    end=$(now)
    on backup1 rm -rf /var/lib/barman/bench-plain
    plain_times+=("$(echo "$end - $start" | bc)")
    push backup drill scratch1
    rto+=("$(grep -o 'RTO [0-9]* s' "$WORK/last.log" | awk '{ print $2 }')")
    echo "bench: run $run: barman ${barman_times[-1]} s, pg_basebackup ${plain_times[-1]} s, drill RTO ${rto[-1]} s" >&2
    # Barman's retention must not run short of disk: keep the newest two.
    on backup1 sh -c "cd / && runuser -u barman -- barman list-backups --minimal speedy | tail -n +3 |
        xargs -r -n1 runuser -u barman -- barman delete speedy" >/dev/null 2>&1 || true
done

b=$(printf '%s\n' "${barman_times[@]}" | median)
p=$(printf '%s\n' "${plain_times[@]}" | median)
r=$(printf '%s\n' "${rto[@]}" | median)
mib=$((SIZE >> 20))
printf 'database: %d MiB (pgbench scale %d), %d runs, medians\n' "$mib" "$SCALE" "$RUNS"
printf 'base backup: push backup now %.1f s (%.0f MB/s), plain pg_basebackup %.1f s (%.0f MB/s): ratio %.2f\n' \
    "$b" "$(echo "$mib / $b" | bc -l)" "$p" "$(echo "$mib / $p" | bc -l)" "$(echo "$p / $b" | bc -l)"
printf 'restore drill RTO: %s s\n' "$r"
