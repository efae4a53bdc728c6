package com.speedy.repo.signing;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessException;
import com.speedy.process.ProcessNotStartedException;
import com.speedy.process.ProcessResult;
import com.speedy.process.ProcessTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs by running an external {@code gpg}, for keys that live in gpg-agent or on a smartcard and never reach this
 * process. gpg runs as an argv list (no shell); the Release goes to its stdin and the signature comes from its
 * stdout (through LocalCommand's private temporary files, which hold nothing secret and are deleted after).
 */
public final class GpgSigner implements ReleaseSigner {
    private static final int STDERR_LIMIT = 4000;

    private final String gpg;
    private final List<KeyFingerprint> keys;
    private final Optional<Path> homeDir;
    private final Duration timeout;

    /** Runs {@code gpg} from PATH, waiting up to two minutes (a smartcard may ask for its PIN). */
    public GpgSigner(List<KeyFingerprint> keys, Optional<Path> homeDir) {
        this("gpg", keys, homeDir, Duration.ofMinutes(2));
    }

    public GpgSigner(String gpgExecutable, List<KeyFingerprint> keys, Optional<Path> homeDir, Duration timeout) {
        this.gpg = Objects.requireNonNull(gpgExecutable);
        this.keys = List.copyOf(keys);
        this.homeDir = Objects.requireNonNull(homeDir);
        this.timeout = Objects.requireNonNull(timeout);
        if (this.keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key fingerprint is needed");
        }
    }

    @Override
    public byte[] clearSign(byte[] release) throws SigningException {
        return run(List.of("--clearsign"), release);
    }

    @Override
    public byte[] detachedSignature(byte[] release) throws SigningException {
        return run(List.of("--detach-sign", "--armor"), release);
    }

    /** The argv, visible for tests and for logging what is run (it holds no secrets). */
    List<String> command(List<String> operation) {
        List<String> argv = new ArrayList<>(List.of(gpg, "--batch", "--yes", "--no-tty"));
        homeDir.ifPresent(dir -> argv.addAll(List.of("--homedir", dir.toString())));
        for (KeyFingerprint key : keys) {
            // One --local-user per key: gpg then writes one signature per key, as BouncyCastleSigner does.
            argv.addAll(List.of("--local-user", key.hex()));
        }
        argv.addAll(List.of("--digest-algo", "SHA512"));
        argv.addAll(operation);
        return List.copyOf(argv);
    }

    private byte[] run(List<String> operation, byte[] input) throws SigningException {
        ProcessResult result;
        try {
            result = LocalCommand.of(command(operation)).withStdin(input).withTimeout(timeout).run();
        } catch (ProcessNotStartedException e) {
            throw new SigningException("could not run " + gpg + ": " + e.getMessage(), e);
        } catch (ProcessTimeoutException e) {
            throw new SigningException(gpg + " did not finish within " + timeout + " (waiting for a PIN entry?)", e);
        } catch (ProcessException e) {
            throw new SigningException("could not read the output of " + gpg, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SigningException("interrupted while waiting for " + gpg, e);
        }
        byte[] out = result.stdout();
        String err = result.stderrText().strip();
        if (result.exitStatus() != 0) {
            throw new SigningException(gpg + " " + String.join(" ", operation) + " failed with exit status "
                    + result.exitStatus() + ": " + truncate(err));
        }
        if (!new String(out, 0, Math.min(out.length, 64), StandardCharsets.US_ASCII).startsWith("-----BEGIN PGP")) {
            throw new SigningException(gpg + " " + String.join(" ", operation)
                    + " exited 0 but wrote no armored output: " + truncate(err));
        }
        return out;
    }

    private static String truncate(String text) {
        return text.length() <= STDERR_LIMIT ? text : text.substring(0, STDERR_LIMIT) + "…";
    }
}
