package com.speedy.push.backup;

import com.speedy.push.db.DbConsole;
import com.speedy.push.inventory.Host;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The checks a backup command prints before any change, as push db replica prints its own; any failed one refuses. */
final class Checks {
    private final DbConsole console;
    private final List<String> refusals = new ArrayList<>();

    Checks(DbConsole console) {
        this.console = console;
        console.line("");
        console.line("checks before any change:");
    }

    void check(boolean passed, String text) {
        if (!passed) {
            refusals.add(text);
        }
        console.line((passed ? "  ok       " : "  REFUSED  ") + text);
    }

    /** A restore's target: not the backup host, answering, with rsync (Barman copies with it). */
    void restoreTarget(Host target, Host server, RestoreJobs.TargetFacts facts) {
        check(!target.equals(server), target.name() + " is not the backup host");
        check(facts.problem().isEmpty(), target.name() + (facts.problem().isEmpty() ? " answers"
                : " could not be asked: " + facts.problem()));
        if (facts.problem().isEmpty()) {
            check(facts.rsync(), target.name() + (facts.rsync() ? " has rsync" : " has no rsync, which Barman copies"
                    + " with: apt-get install rsync there"));
        }
    }

    /**
     * The base backup a restore starts from: the newest complete one, or for a point in time the newest that ended
     * before it; empty (and a refusal) when there is none or the backup host could not be asked.
     */
    Optional<RestoreJobs.BaseBackup> baseBackup(Host server, RestoreJobs.BackupsFacts backups, Optional<Instant> time) {
        check(backups.problem().isEmpty(), server.name() + (backups.problem().isEmpty() ? " answers"
                : " could not be asked: " + backups.problem()));
        if (!backups.problem().isEmpty()) {
            return Optional.empty();
        }
        Optional<RestoreJobs.BaseBackup> chosen = BackupRestore.choose(backups.backups(), time);
        check(chosen.isPresent(), chosen.map(b -> "base backup " + b.id() + ", ended " + b.end().orElseThrow())
                .orElse(time.map(t -> "no complete base backup ended before " + t + " on " + server.name())
                .orElse("no complete base backup on " + server.name() + " (push backup now takes one)")));
        return chosen;
    }

    boolean refused() {
        return !refusals.isEmpty();
    }
}
