package com.speedy.repo.cli;

import com.speedy.repo.publish.Publisher;
import com.speedy.repo.publish.RepositoryConfig;
import com.speedy.repo.signing.BouncyCastleSigner;
import com.speedy.repo.signing.GpgSigner;
import com.speedy.repo.signing.KeyFingerprint;
import com.speedy.repo.signing.ReleaseSigner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How the commands that change a suite sign its Release: key files in-process, or an external gpg. */
final class SigningOptions {
    @Option(names = "--key", paramLabel = "FILE",
            description = "an armored secret key to sign with (repeatable for key rotation; default: conf/signing-key.asc)")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--gpg-key", paramLabel = "FINGERPRINT",
            description = "sign with the external gpg and this key instead (gpg-agent or a smartcard)")
    List<String> gpgKeys = new ArrayList<>();

    Publisher publisher(Path repository) throws Exception {
        RepositoryConfig.read(repository); // "not a repository" before any complaint about keys
        return new Publisher(repository, signer(repository), Clock.systemUTC(), System.out::println);
    }

    private ReleaseSigner signer(Path repository) throws Exception {
        if (!gpgKeys.isEmpty()) {
            List<KeyFingerprint> fingerprints = new ArrayList<>();
            for (String fpr : gpgKeys) {
                fingerprints.add(KeyFingerprint.parse(fpr));
            }
            return new GpgSigner(fingerprints, Optional.empty());
        }
        List<Path> files = keys.isEmpty() ? List.of(repository.resolve(KeyCommand.SECRET_KEY)) : keys;
        return BouncyCastleSigner.fromKeyFiles(files, Optional.empty());
    }
}
