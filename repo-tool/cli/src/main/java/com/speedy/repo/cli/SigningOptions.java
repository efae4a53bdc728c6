package com.speedy.repo.cli;

import com.speedy.repo.publish.Publisher;
import com.speedy.repo.publish.RepositoryConfig;
import com.speedy.repo.signing.ConflictingSignersException;
import com.speedy.repo.signing.KeyFingerprint;
import com.speedy.repo.signing.ReleaseSigners;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How the commands that change a suite sign its Release: key files in-process, or an external gpg. */
final class SigningOptions {
    @Option(names = "--key", paramLabel = "FILE",
            description = "an armored secret key to sign with (repeatable for key rotation; default: conf/signing-key.asc)")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--gpg-key", paramLabel = "FINGERPRINT",
            description = "sign with the external gpg and this key instead (gpg-agent or a smartcard)")
    List<String> gpgKeys = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    Publisher publisher(Path repository) throws Exception {
        return publisher(repository, System.out::println);
    }

    Publisher publisher(Path repository, Publisher.Console console) throws Exception {
        RepositoryConfig.read(repository); // "not a repository" before any complaint about keys
        List<KeyFingerprint> fingerprints = new ArrayList<>();
        for (String fpr : gpgKeys) {
            fingerprints.add(KeyFingerprint.parse(fpr));
        }
        try {
            return new Publisher(repository, ReleaseSigners.of(repository, keys, fingerprints), Clock.systemUTC(),
                    console);
        } catch (ConflictingSignersException e) {
            throw new ParameterException(command.commandLine(), "--key and --gpg-key exclude each other: "
                    + "sign with secret key files or with gpg");
        }
    }
}
