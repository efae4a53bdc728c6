package com.speedy.push.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;

/** The public halves of push's key files, as lines of an authorized_keys file. */
public final class PublicKeys {
    private PublicKeys() {}

    /**
     * One {@code TYPE BASE64 COMMENT} line per key file, in order, derived from the private key itself (so a stale
     * {@code .pub} beside it never matters).
     *
     * @throws IOException naming the file that cannot be read or is not in OpenSSH's own format
     */
    public static List<String> authorizedKeys(List<Path> keyFiles, String comment) throws IOException {
        List<String> lines = new ArrayList<>();
        try (SSHClient reader = new SSHClient()) {
            for (Path file : keyFiles) {
                if (KeyProviderUtil.detectKeyFileFormat(file.toFile()) != KeyFormat.OpenSSHv1) {
                    throw new IOException("key file " + file + " is not in OpenSSH's own format, the one push reads;"
                            + " convert it with: ssh-keygen -p -f " + file);
                }
                PublicKey key;
                try {
                    key = reader.loadKeys(file.toString()).getPublic();
                } catch (IOException e) {
                    throw new IOException("key file " + file + " cannot be read: " + e.getMessage(), e);
                }
                byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
                lines.add(KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(blob) + " " + comment);
            }
        }
        return lines;
    }
}
