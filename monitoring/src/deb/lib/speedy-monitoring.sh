# speedy-monitoring.sh: what the Munin plugins and Nagios checks of speedy-monitoring share, sourced by each of them.
# Where things are comes from the environment, with the real paths as defaults, so that the tests can point the
# scripts at a local server and temp files: SPEEDY_APP_URL (else http://127.0.0.1:$port, port from Munin's
# plugin-conf.d, default 8080) and, for PostgreSQL, psql's own PG* variables (database default: postgres).

speedy_app_url() {
    printf '%s\n' "${SPEEDY_APP_URL:-http://127.0.0.1:${port:-8080}}"
}

# The app's /metrics JSON on stdout; fails (and prints nothing) when the app does not answer 2xx within 5 s.
speedy_metrics() {
    curl -fsS --max-time 5 "$(speedy_app_url)/metrics" 2>/dev/null
}

# One jq filter applied to the metrics JSON given as $1; null (absent) prints "U", Munin's "unknown".
speedy_jq() {
    printf '%s\n' "$1" | jq -r "($2) // \"U\"" 2>/dev/null || echo U
}

# Whether $1 is a whole number (a counter, a threshold).
is_count() {
    case "$1" in
        '' | *[!0-9]*) return 1 ;;
        *) return 0 ;;
    esac
}

# psql as scripts want it: no psqlrc, unaligned, tuples only, fields separated by one space, stop at the first error.
speedy_psql() {
    psql -X -A -t -q -v ON_ERROR_STOP=1 -F ' ' -d "${PGDATABASE:-postgres}" -c "$1" 2>/dev/null
}

# "standby" or "primary"; fails when the server does not answer.
speedy_pg_role() {
    role=$(speedy_psql 'SELECT pg_is_in_recovery()') || return 1
    case "$role" in
        t) echo standby ;;
        f) echo primary ;;
        *) return 1 ;;
    esac
}

# On a primary: one line per streaming standby, "NAME LAG_BYTES", NAME its client address made a Munin field name.
# (Not application_name: push db replica sets it to the standby's name, but a standby made otherwise sends its
# cluster's, e.g. 15/main, the same on every standby.) Barman's WAL receiver streams too, but is no standby: left out
# by the name speedy-backup's Barman gives it.
speedy_pg_standby_lags() {
    speedy_psql "SELECT 'standby_' || translate(coalesce(host(client_addr), 'local'), '.:', '__'),
                        coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint
                 FROM pg_stat_replication WHERE application_name <> 'barman_receive_wal' ORDER BY 1"
}

# On a standby: seconds since the last replayed transaction, or 0 when everything received is replayed (an idle
# primary writes nothing, which is no lag).
speedy_pg_seconds_behind() {
    speedy_psql "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                             ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)::bigint END"
}

# Munin's autoconf answer for the plugins that read /metrics: yes when the app answers (and, given a jq filter as $1,
# when that filter finds a value, e.g. the notifier's part).
speedy_metrics_autoconf() {
    if ! metrics=$(speedy_metrics); then
        echo "no ($(speedy_app_url)/metrics does not answer)"
    elif [ -n "${1:-}" ] && [ "$(speedy_jq "$metrics" "$1")" = U ]; then
        echo "no ($(speedy_app_url)/metrics has no $1)"
    else
        echo yes
    fi
}

# The whole of a Munin plugin that reads /metrics: $1 the mode Munin asked for, $2 the autoconf jq filter (empty: any
# answer will do), $3 the config text, then FIELD=FILTER, one for each field's value. Values the app does not report
# (or an app that does not answer) are U, Munin's unknown.
speedy_metrics_plugin() {
    mode=$1 need=$2 config=$3
    shift 3
    case "$mode" in
        autoconf)
            speedy_metrics_autoconf "$need"
            ;;
        config)
            printf '%s\n' "$config"
            ;;
        *)
            metrics=$(speedy_metrics) || metrics=null
            for pair in "$@"; do
                echo "${pair%%=*}.value $(speedy_jq "$metrics" "${pair#*=}")"
            done
            ;;
    esac
}

# Munin's autoconf answer for the PostgreSQL plugins.
speedy_pg_autoconf() {
    if ! command -v psql >/dev/null; then
        echo "no (psql not found)"
    elif speedy_pg_role >/dev/null; then
        echo yes
    else
        echo "no (PostgreSQL does not answer here)"
    fi
}

# "AGE DURATION" of the last run of speedy-jobs job $1 (purge, trending), as systemd recorded it for the job's oneshot
# service: seconds since the run started, and how long it took; U for what systemd does not know (no run since boot,
# or the duration while a run is under way). The start comes as epoch seconds (--timestamp=unix); the duration from
# the monotonic clock, in microseconds, which a clock change cannot skew.
speedy_job_times() {
    systemctl show "speedy-jobs-$1.service" --timestamp=unix -p ExecMainStartTimestamp \
        -p ExecMainStartTimestampMonotonic -p ExecMainExitTimestampMonotonic 2>/dev/null |
        awk -F= -v now="$(date +%s)" '
            { value[$1] = $2 }
            END {
                start = value["ExecMainStartTimestamp"]; sub(/^@/, "", start)
                from = value["ExecMainStartTimestampMonotonic"] + 0; to = value["ExecMainExitTimestampMonotonic"] + 0
                age = (start ~ /^[0-9]+$/ && from > 0) ? now - start : "U"
                duration = (from > 0 && to >= from) ? sprintf("%.3f", (to - from) / 1000000) : "U"
                print age, duration
            }'
}

# The whole of a Munin plugin about speedy-jobs' runs: $1 the mode Munin asked for, $2 the config text, $3 what each
# job's field shows: "age" or "duration" (of speedy_job_times). One field per job, named after the job.
speedy_jobs_plugin() {
    mode=$1 config=$2 shown=$3
    case "$mode" in
        autoconf)
            if ! command -v systemctl >/dev/null; then
                echo "no (systemctl not found)"
            elif [ "$(systemctl show -p LoadState --value speedy-jobs-trending.service 2>/dev/null)" = loaded ]; then
                echo yes
            else
                echo "no (speedy-jobs is not installed here)"
            fi
            ;;
        config)
            printf '%s\n' "$config"
            ;;
        *)
            for job in purge trending; do
                speedy_job_times "$job" | {
                    read -r age duration
                    if [ "$shown" = age ]; then value=$age; else value=$duration; fi
                    echo "$job.value ${value:-U}"
                }
            done
            ;;
    esac
}

# --- Nagios checks -------------------------------------------------------------------------------------------------

# Prints "NAME STATE - MESSAGE | PERFDATA" and exits with the state's code: OK 0, WARNING 1, CRITICAL 2, UNKNOWN 3.
nagios_exit() {
    state=$1 message=$2 perfdata=${3:-}
    if [ -n "$perfdata" ]; then
        printf '%s %s - %s | %s\n' "$NAGIOS_NAME" "$state" "$message" "$perfdata"
    else
        printf '%s %s - %s\n' "$NAGIOS_NAME" "$state" "$message"
    fi
    case "$state" in
        OK) exit 0 ;;
        WARNING) exit 1 ;;
        CRITICAL) exit 2 ;;
        *) exit 3 ;;
    esac
}

# Reads "-w N -c N" (whole numbers, warning at most critical) into $warn and $crit, and with NAGIOS_SECOND_PAIR=yes
# also "-W N -C N" into $warn2 and $crit2 (kept as the caller preset them when absent); anything else is refused with
# UNKNOWN, naming the usage given as $1.
nagios_thresholds() {
    usage=$1
    shift
    warn= crit=
    while [ $# -gt 0 ]; do
        case "$1${NAGIOS_SECOND_PAIR:-no}" in
            -wyes | -wno) warn=${2-}; shift ;;
            -cyes | -cno) crit=${2-}; shift ;;
            -Wyes) warn2=${2-}; shift ;;
            -Cyes) crit2=${2-}; shift ;;
            *) nagios_exit UNKNOWN "unexpected argument '$1'; usage: $usage" ;;
        esac
        [ $# -gt 0 ] && shift
    done
    for value in "$warn" "$crit" "${warn2-0}" "${crit2-0}"; do
        is_count "$value" || nagios_exit UNKNOWN "thresholds must be whole numbers, got '$value'; usage: $usage"
    done
    if [ "$warn" -gt "$crit" ] || [ "${warn2-0}" -gt "${crit2-0}" ]; then
        nagios_exit UNKNOWN "a warning threshold is above its critical one; usage: $usage"
    fi
}

# The state of a whole number $1 against the thresholds $2 (warning) and $3 (critical): above critical CRITICAL, above
# warning WARNING, else OK.
nagios_state() {
    if [ "$1" -gt "$3" ]; then
        echo CRITICAL
    elif [ "$1" -gt "$2" ]; then
        echo WARNING
    else
        echo OK
    fi
}
