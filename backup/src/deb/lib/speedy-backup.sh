# speedy-backup.sh: what the speedy-backup scripts share, sourced by each of them. SPEEDY_BACKUP_CONF names the settings
# (default /etc/speedy-backup/backup.conf, written by `push backup setup`), so that the tests can use their own.

SPEEDY_BACKUP_CONF=${SPEEDY_BACKUP_CONF:-/etc/speedy-backup/backup.conf}

# Prints "PROGRAM: MESSAGE" on stderr and exits with STATUS: 1 a failed run, 2 bad settings. The message stays in
# SPEEDY_BACKUP_ERROR for an EXIT trap that records how the run ended.
speedy_backup_exit() {
    local status=$1
    shift
    SPEEDY_BACKUP_ERROR="$*"
    echo "$SPEEDY_BACKUP_PROGRAM: $*" >&2
    exit "$status"
}

speedy_backup_fail() {
    speedy_backup_exit 1 "$@"
}

speedy_backup_bad_settings() {
    speedy_backup_exit 2 "$SPEEDY_BACKUP_CONF: $*"
}

# Reads the settings and checks those named: each set, the KEEP_* whole numbers.
speedy_backup_settings() {
    [ -r "$SPEEDY_BACKUP_CONF" ] || speedy_backup_bad_settings "cannot read it; \`push backup setup\` writes it"
    # shellcheck source=/dev/null
    . "$SPEEDY_BACKUP_CONF"
    local name
    for name in "$@"; do
        [ -n "${!name:-}" ] || speedy_backup_bad_settings "$name is not set"
        case "$name" in
            KEEP_*) [[ ${!name} =~ ^[0-9]+$ ]] || speedy_backup_bad_settings "$name=${!name} is not a whole number" ;;
        esac
    done
}

# Whether the settings name object storage for the off-site copy (S3_ENDPOINT set).
speedy_backup_offsite_configured() {
    [ -n "${S3_ENDPOINT:-}" ]
}

# Retention over dump stamps (20261202T023000Z) read one a line from stdin, newest first: prints those to prune. A
# stamp is kept if it is the newest of its day, ISO week or month and that period is among the newest KEEP_DAILY days,
# KEEP_WEEKLY weeks or KEEP_MONTHLY months that have a stamp.
speedy_backup_prunable() {
    local stamp day week month keep
    local -A days=() weeks=() months=()
    while read -r stamp; do
        day=${stamp:0:8}
        week=$(date -u -d "$day" +%G-W%V)
        month=${stamp:0:6}
        keep=false
        if [ -z "${days[$day]:-}" ] && [ ${#days[@]} -lt "$KEEP_DAILY" ]; then keep=true; fi
        if [ -z "${weeks[$week]:-}" ] && [ ${#weeks[@]} -lt "$KEEP_WEEKLY" ]; then keep=true; fi
        if [ -z "${months[$month]:-}" ] && [ ${#months[@]} -lt "$KEEP_MONTHLY" ]; then keep=true; fi
        days[$day]=1 weeks[$week]=1 months[$month]=1
        [ "$keep" = true ] || echo "$stamp"
    done
}
