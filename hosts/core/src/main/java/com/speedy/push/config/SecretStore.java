package com.speedy.push.config;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessException;
import com.speedy.process.ProcessResult;
import com.speedy.push.inventory.Secrets;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The conffiles' secrets, each in its own file {@code secrets/PACKAGE/KEY.age} beside the inventory, encrypted with
 * the age command to the inventory's recipients (ASCII armored, so that git shows a change as text). A secret goes to
 * age and comes back on standard input and output, never on a command line.
 */
public final class SecretStore {
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    private final Secrets secrets;

    public SecretStore(Secrets secrets) {
        this.secrets = secrets;
    }

    /** The file that holds {@code key} of {@code packageName}'s conffile. */
    public Path file(String packageName, String key) {
        if (!PACKAGE.matcher(packageName).matches() || !ConfFile.KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a package and key: " + packageName + " " + key);
        }
        return secrets.store().resolve(packageName).resolve(key + ".age");
    }

    /** Encrypts {@code value} into the store, replacing the file in one step. */
    public void put(String packageName, String key, byte[] value) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("age", "--encrypt", "--armor"));
        secrets.recipients().forEach(r -> argv.addAll(List.of("--recipient", r)));
        byte[] encrypted = run(argv, value, "encrypting").stdout();
        Path file = file(packageName, key);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + key, ".tmp");
        try {
            Files.write(tmp, encrypted);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The secret, decrypted with this operator's identity. */
    public byte[] get(String packageName, String key) throws IOException, InterruptedException {
        Path file = file(packageName, key);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no secret " + key + " of " + packageName + " in the store (" + file + ")");
        }
        return run(List.of("age", "--decrypt", "--identity", secrets.identity().toString(), file.toString()),
                new byte[0], "decrypting " + file).stdout();
    }

    /** The keys the store holds for {@code packageName}. */
    public List<String> keys(String packageName) throws IOException {
        Path folder = secrets.store().resolve(packageName);
        if (!PACKAGE.matcher(packageName).matches() || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".age"))
                    .map(n -> n.substring(0, n.length() - ".age".length())).sorted().toList();
        }
    }

    private static ProcessResult run(List<String> argv, byte[] stdin, String what)
            throws IOException, InterruptedException {
        ProcessResult result;
        try {
            result = LocalCommand.of(argv).withStdin(stdin).run();
        } catch (ProcessException e) {
            throw new IOException(what + " with age failed: " + e.getMessage()
                    + " (is age installed? apt-get install age)", e);
        }
        if (result.exitStatus() != 0) {
            throw new IOException(what + " with age failed: " + result.stderrText().strip());
        }
        return result;
    }
}
