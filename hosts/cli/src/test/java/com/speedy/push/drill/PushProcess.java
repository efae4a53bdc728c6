package com.speedy.push.drill;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * push run as an operator runs it, in a process of its own (so that it can be SIGKILLed mid-step): bin/push's jar, its
 * output recorded line by line in the history as it comes, and the step it is in.
 */
final class PushProcess {
    /** How a run ended: its exit code (or KILLED, TIMED_OUT) and everything it printed. */
    record Result(int exitCode, String out) {
        static final int KILLED = -9;
        static final int TIMED_OUT = -1;

        boolean ok() {
            return exitCode == 0;
        }

        /** The push commands of its {@code next:} lines, as argv after "push", without their notes in parentheses. */
        List<List<String>> nextCommands() {
            List<List<String>> next = new ArrayList<>();
            for (String line : out.lines().toList()) {
                Matcher m = NEXT.matcher(line);
                if (m.matches()) {
                    next.add(List.of(m.group(1).strip().split("\\s+")));
                }
            }
            return next;
        }

        /** The note in parentheses of a {@code next:} line naming {@code command}, e.g. "when db1 is lost". */
        String condition(List<String> command) {
            for (String line : out.lines().toList()) {
                Matcher m = NEXT.matcher(line);
                if (m.matches() && List.of(m.group(1).strip().split("\\s+")).equals(command) && m.group(2) != null) {
                    return m.group(2);
                }
            }
            return "";
        }
    }

    private static final Pattern STEP = Pattern.compile("==> (\\d+)\\. (.*?)\\s+\\[[\\d.]+ s\\]");
    private static final Pattern PROGRESS = Pattern.compile("\\S+: \\S.*");
    private static final Pattern NEXT = Pattern.compile("next: push (db [^(]*?)(?:\\s+\\((.*)\\))?\\s*");
    private static final Path JAR = Path.of(System.getenv().getOrDefault("SPEEDY_PROJECT_DIR", ".."))
            .resolve("hosts/cli/target/push.jar");

    private final Process process;
    private final Thread reader;
    private final StringBuffer out = new StringBuffer();
    private final List<String> command;
    private volatile String step = "0. before its first step";
    private volatile int point;
    private volatile boolean numbered;
    private volatile boolean killed;

    private PushProcess(Process process, List<String> command, History history) {
        this.process = process;
        this.command = command;
        this.reader = new Thread(() -> read(history), "push-output");
        reader.start();
    }

    /** Starts {@code push ARGS -i INVENTORY [--log-dir LOGS]}. */
    static PushProcess start(List<String> args, Path inventory, Path logDir, History history) {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", JAR.toAbsolutePath().toString()));
        argv.addAll(args);
        argv.addAll(List.of("-i", inventory.toString()));
        if (!args.contains("status")) {
            argv.addAll(List.of("--log-dir", logDir.toString()));
        }
        history.record("drill", "push " + String.join(" ", args));
        try {
            return new PushProcess(new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start(), args, history);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(History history) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                out.append(line).append('\n');
                history.record("push", line);
                Matcher m = STEP.matcher(line);
                if (m.find()) {
                    numbered = true;
                    point = Integer.parseInt(m.group(1));
                    step = point + ". " + m.group(2);
                } else if (!numbered && PROGRESS.matcher(line).matches()) {
                    // replica and rejoin print no numbered steps: their progress lines ("db1: cloning ...") count
                    point++;
                    step = "line " + point + ": " + line.replaceFirst("^\\S+: ", "").replaceAll("[:(].*", "")
                            .replaceAll("\\d+\\.\\d+\\.\\d+\\.\\d+", "ADDRESS").strip();
                }
            }
        } catch (IOException e) {
            out.append("(reading push's output: ").append(e).append(")\n");
        }
    }

    /** How far push got: the number of its last step, or of its last progress line. */
    int point() {
        return point;
    }

    List<String> command() {
        return command;
    }

    /** The step push is in now, as it printed it ("3. promoting db2"), or how far its output got. */
    String step() {
        return step;
    }

    boolean running() {
        return process.isAlive();
    }

    /** SIGKILL, as a lost terminal or an OOM killer would. */
    void kill() {
        killed = true;
        process.destroyForcibly();
    }

    Result await(Duration timeout) throws InterruptedException {
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5_000);
        int code = !ended ? Result.TIMED_OUT : killed ? Result.KILLED : process.exitValue();
        return new Result(code, out.toString());
    }
}
