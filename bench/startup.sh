#!/bin/bash
# bench/startup.sh: how long the tools take to start, against a JVM that prints one line, in one run. Run by hand
# (after `mvn -DskipTests package`):
#
#   bench/startup.sh              # 9 rounds, medians
#   bench/startup.sh --runs 5
#
# Each round runs, one after another: `java -jar hello.jar` (a class whose main prints one line, built here),
# `bin/push --version` and `bin/repo-tool --version` (with the class-data sharing archives the build makes), and each
# tool's jar without its archive. Prints each one's median wall time, its median CPU time (user +
# system, JIT threads included: less swayed by a busy machine than wall time) and the ratio to the one-line JVM. Also
# the size of each tool's jar.
set -euo pipefail

RUNS=9
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$REPO/hosts/cli/target/push.jar" ] && [ -f "$REPO/repo-tool/cli/target/repo-tool.jar" ] \
    || { echo "bench: build first: mvn -DskipTests package" >&2; exit 1; }
WORK=$(mktemp -d /tmp/bench-startup.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
printf 'public class Hello {\n    public static void main(String[] a) {\n        System.out.println("hello 1.0");\n    }\n}\n' \
    >"$WORK/Hello.java"
(cd "$WORK" && javac Hello.java && jar cfe hello.jar Hello Hello.class)

names=("one-line JVM" "push --version" "repo-tool --version" "  push, no CDS archive" "  repo-tool, no CDS archive")
commands=("java -jar $WORK/hello.jar" "$REPO/bin/push --version" "$REPO/bin/repo-tool --version"
    "java -jar $REPO/hosts/cli/target/push.jar --version"
    "java -jar $REPO/repo-tool/cli/target/repo-tool.jar --version")
for ((round = 0; round < RUNS; round++)); do
    for i in "${!commands[@]}"; do
        # GNU time's %e %U %S: wall, user and system seconds
        /usr/bin/time -f "$i %e %U %S" -o "$WORK/time" ${commands[$i]} >/dev/null
        cat "$WORK/time" >>"$WORK/times"
    done
done

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
base_wall=$(awk '$1 == 0 {print $2}' "$WORK/times" | median)
base_cpu=$(awk '$1 == 0 {print $3 + $4}' "$WORK/times" | median)
printf '%-28s %10s %8s %10s %8s\n' "" "wall (s)" "ratio" "CPU (s)" "ratio"
for i in "${!commands[@]}"; do
    wall=$(awk -v i="$i" '$1 == i {print $2}' "$WORK/times" | median)
    cpu=$(awk -v i="$i" '$1 == i {print $3 + $4}' "$WORK/times" | median)
    printf '%-28s %10.3f %8.2f %10.3f %8.2f\n' "${names[$i]}" "$wall" "$(echo "$wall / $base_wall" | bc -l)" \
        "$cpu" "$(echo "$cpu / $base_cpu" | bc -l)"
done
echo "medians of $RUNS rounds; jars: push.jar $(du -h "$REPO/hosts/cli/target/push.jar" | cut -f1)," \
    "repo-tool.jar $(du -h "$REPO/repo-tool/cli/target/repo-tool.jar" | cut -f1)"
