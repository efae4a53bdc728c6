package com.speedy.repo.cli;

import com.speedy.repo.mirror.Mirror;
import com.speedy.repo.mirror.S3ObjectStore;
import com.speedy.repo.mirror.S3Settings;
import com.speedy.repo.mirror.S3Target;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --target s3://BUCKET/PREFIX} and {@code --s3-config FILE}: after the write on disk, mirror it to a bucket. */
final class MirrorOptions {
    @Option(names = "--target", paramLabel = "s3://BUCKET/PREFIX",
            description = "then mirror the repository to this bucket (pool and by-hash first, InRelease last)")
    Optional<String> target;

    @Option(names = "--s3-config", paramLabel = "FILE",
            description = "endpoint, region, access-key, secret-key (mode 0600; default: the repository's "
                    + "conf/s3.properties)")
    Optional<Path> config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Where to mirror to, checked before anything is written: a bad target or settings file changes nothing. */
    record Destination(S3Target target, S3Settings settings) {
        void mirror(Path repository) throws Exception {
            try (S3ObjectStore store = S3ObjectStore.open(settings, target.bucket())) {
                Mirror.Result result = new Mirror(store, target.prefix(), System.out::println).mirror(repository);
                System.out.println(target + ": " + result.uploaded() + " uploaded, " + result.alreadyThere()
                        + " already there");
            }
        }
    }

    Optional<Destination> destination(Path repository) throws Exception {
        if (target.isEmpty()) {
            if (config.isPresent()) {
                throw new ParameterException(command.commandLine(), "--s3-config needs --target s3://BUCKET/PREFIX");
            }
            return Optional.empty();
        }
        S3Target parsed;
        try {
            parsed = S3Target.parse(target.get());
        } catch (S3Target.InvalidTargetException e) {
            throw new ParameterException(command.commandLine(), "--target: " + e.getMessage()
                    + "; write it as s3://BUCKET/PREFIX, e.g. s3://apt/speedy");
        }
        Path file = config.orElse(repository.resolve("conf/s3.properties"));
        return Optional.of(new Destination(parsed, S3Settings.read(file)));
    }
}
