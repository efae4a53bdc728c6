#!/bin/sh
# man-pages.sh WORK TIMESTAMP: WORK/adoc/*.adoc (ToolDocs) to WORK/man1/*.1.gz, reproducibly: asciidoctor's manpage
# backend, dated by TIMESTAMP (the build's project.build.outputTimestamp, through SOURCE_DATE_EPOCH), compressed with
# gzip -9n (no name, no time).
set -eu
work=$1
stamp=$2
command -v asciidoctor >/dev/null || { echo "man-pages.sh: asciidoctor is missing: apt-get install asciidoctor" >&2;
    exit 1; }
SOURCE_DATE_EPOCH=$(date -u -d "$stamp" +%s)
export SOURCE_DATE_EPOCH
rm -rf "$work/man1"
mkdir -p "$work/man1"
asciidoctor -b manpage -a reproducible -D "$work/man1" "$work"/adoc/*.adoc
for page in "$work"/man1/*.1; do
    gzip -9nf "$page"
done
