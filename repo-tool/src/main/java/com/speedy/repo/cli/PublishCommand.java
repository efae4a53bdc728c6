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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Adds .debs to a suite and re-signs it. Any bad input and nothing changes.",
        footer = {"", "Example:", "  repo-tool publish -r /srv/apt --suite dev packages/*/target/*.deb"})
final class PublishCommand implements Callable<Integer> {
    @Mixin
    RepositoryOption repo;

    @Option(names = "--suite", required = true, paramLabel = "NAME", description = "the suite, e.g. dev")
    String suite;

    @Option(names = "--key", paramLabel = "FILE",
            description = "an armored secret key to sign with (repeatable for key rotation; default: conf/signing-key.asc)")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--gpg-key", paramLabel = "FINGERPRINT",
            description = "sign with the external gpg and this key instead (gpg-agent or a smartcard)")
    List<String> gpgKeys = new ArrayList<>();

    @Parameters(paramLabel = "FILE.deb", arity = "1..*", description = "the packages")
    List<Path> debs;

    @Override
    public Integer call() throws Exception {
        RepositoryConfig.read(repo.repository); // "not a repository" before any complaint about keys
        Publisher publisher = new Publisher(repo.repository, signer(), Clock.systemUTC(), System.out::println);
        Publisher.Result result = publisher.publish(suite, debs);
        System.out.println(suite + ": " + result.added().size() + " added, " + result.alreadyThere().size()
                + " already there");
        return 0;
    }

    private ReleaseSigner signer() throws Exception {
        if (!gpgKeys.isEmpty()) {
            List<KeyFingerprint> fingerprints = new ArrayList<>();
            for (String fpr : gpgKeys) {
                fingerprints.add(KeyFingerprint.parse(fpr));
            }
            return new GpgSigner(fingerprints, Optional.empty());
        }
        List<Path> files = keys.isEmpty() ? List.of(repo.repository.resolve(KeyCommand.SECRET_KEY)) : keys;
        return BouncyCastleSigner.fromKeyFiles(files, Optional.empty());
    }
}
