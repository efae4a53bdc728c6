package com.speedy.push.monitoring;

import com.speedy.push.rollout.HostSteps;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A path on a host as it was before push changed it: a file's bytes, mode and owner, a symbolic link's target, or
 * nothing there; so that a configuration the host refuses is put back exactly as it was.
 */
final class KeptFile {
    private final String path;
    private final Optional<byte[]> content;
    private final Optional<String> link;
    private final int mode;
    private final String owner;

    private KeptFile(String path, Optional<byte[]> content, Optional<String> link, int mode, String owner) {
        this.path = path;
        this.content = content;
        this.link = link;
        this.mode = mode;
        this.owner = owner;
    }

    /**
     * What is at {@code path} now.
     *
     * @param secret whether the file's text stays out of the host's log
     */
    static KeptFile read(HostSteps steps, String path, boolean secret)
            throws IOException, SshException, InterruptedException {
        CommandResult found = steps.run(List.of("find", path, "-maxdepth", "0", "-printf", "%y %m %u:%g %l"));
        if (found.exitStatus() != 0) {
            return new KeptFile(path, Optional.empty(), Optional.empty(), 0, "");
        }
        String[] fields = found.stdoutText().split(" ", 4);
        if (fields.length < 4) {
            throw new IOException("cannot tell what " + path + " is: " + found.stdoutText());
        }
        int mode = Integer.parseInt(fields[1], 8);
        switch (fields[0]) {
            case "f" -> {
                List<String> cat = List.of("cat", path);
                CommandResult read = secret ? steps.runWithheld(cat) : steps.run(cat);
                if (read.exitStatus() != 0) {
                    throw new IOException("reading " + path + " failed: " + HostSteps.lastLine(read));
                }
                return new KeptFile(path, Optional.of(read.stdout()), Optional.empty(), mode, fields[2]);
            }
            case "l" -> {
                return new KeptFile(path, Optional.empty(), Optional.of(fields[3]), mode, fields[2]);
            }
            default -> throw new IOException(path + " is neither a file nor a symbolic link");
        }
    }

    String path() {
        return path;
    }

    boolean exists() {
        return content.isPresent() || link.isPresent();
    }

    /** A regular file's text. */
    Optional<String> text() {
        return content.map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    boolean isLinkTo(List<String> targets) {
        return link.isPresent() && targets.contains(link.get());
    }

    /** The mode, in octal as chmod takes it, and the {@code USER:GROUP} of a file that is there. */
    String mode() {
        return String.format("%04o", mode);
    }

    String owner() {
        return owner;
    }

    /** Whether a regular file holds {@code bytes}, with that mode and owner. */
    boolean holds(byte[] bytes, String mode, String owner) {
        return content.isPresent() && Arrays.equals(content.get(), bytes) && this.mode == Integer.parseInt(mode, 8)
                && this.owner.equals(owner);
    }

    /** Puts the path back as it was: the file with its bytes, mode and owner, the link, or nothing. */
    void restore(HostSteps steps) throws IOException, SshException, InterruptedException {
        if (content.isPresent()) {
            steps.upload(content.get(), path, mode(), owner);
        } else if (link.isPresent()) {
            steps.check(List.of("ln", "-sfn", link.get(), path), "linking " + path + " to " + link.get() + " again");
        } else {
            steps.check(List.of("rm", "-f", path), "removing " + path);
        }
    }
}
