package com.speedy.push.cli;

import com.speedy.push.db.DbConsole;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The end of a command that changed hosts: one row per host, where the logs are, and the exit code. */
final class Summary {
    private Summary() {}

    /** Progress as it happens, one line per step, prefixed by the host. */
    static Rollout.Console progress(PrintWriter out) {
        return (host, step) -> {
            synchronized (out) {
                out.println(host.name() + ": " + step);
                out.flush();
            }
        };
    }

    /** A db workflow's console: its lines as they come, and its hosts' results as this summary. */
    static DbConsole console(PrintWriter out, HostLogs logs) {
        return new DbConsole() {
            @Override
            public void line(String text) {
                out.println(text);
            }

            @Override
            public boolean results(List<HostResult> results) {
                return print(out, results, logs.dir().toString()) == 0;
            }
        };
    }

    static int print(PrintWriter out, List<HostResult> results, String logDir) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("HOST", "RESULT", "DETAIL"));
        int failed = 0;
        for (HostResult r : results) {
            rows.add(List.of(r.host().name().toString(), r.outcome().name().toLowerCase(), r.detail()));
            if (r.outcome().isFailure() || r.outcome() == HostResult.Outcome.SKIPPED) {
                failed++;
            }
        }
        out.println();
        Table.print(out, rows);
        out.println();
        try {
            RolloutRecord.append(Path.of(logDir), results, Instant.now());
        } catch (IOException e) {
            out.println("push: could not record the results in " + logDir + ": " + e.getMessage());
        }
        out.println(results.size() + " host(s): " + count(results, HostResult.Outcome.CHANGED) + " changed, "
                + count(results, HostResult.Outcome.OK) + " ok, " + count(results, HostResult.Outcome.FAILED)
                + " failed, " + count(results, HostResult.Outcome.UNREACHABLE) + " unreachable, "
                + count(results, HostResult.Outcome.SKIPPED) + " skipped"
                + (count(results, HostResult.Outcome.UNKNOWN) == 0 ? ""
                        : ", " + count(results, HostResult.Outcome.UNKNOWN) + " UNKNOWN (see each one's detail)")
                + "; logs in " + logDir);
        return failed == 0 ? 0 : Push.SOME_FAILED;
    }

    private static long count(List<HostResult> results, HostResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }
}
