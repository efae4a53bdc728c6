package com.speedy.repo.cli;

import com.speedy.repo.publish.Publisher;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Adds .debs to a suite and re-signs it. Any bad input and nothing changes.",
            "On a terminal, a publish that runs longer than a second shows how many packages it has read and copied."},
        footer = {"", "Example:", "  repo-tool publish -r /srv/apt --suite dev packages/*/target/*.deb",
            "  repo-tool publish -r /srv/apt --suite dev --target s3://apt/speedy packages/*/target/*.deb"})
final class PublishCommand implements Callable<Integer> {
    @Mixin
    RepositoryOption repo;

    @Mixin
    SigningOptions signing;

    @Mixin
    MirrorOptions mirror;

    @Option(names = "--suite", required = true, paramLabel = "NAME", description = "the suite, e.g. dev")
    String suite;

    @Parameters(paramLabel = "FILE.deb", arity = "1..*", description = "the packages")
    List<Path> debs;

    @Override
    public Integer call() throws Exception {
        Optional<MirrorOptions.Destination> destination = mirror.destination(repo.repository);
        Publisher.Result result;
        try (TerminalProgress console = TerminalProgress.forThisProcess()) {
            result = signing.publisher(repo.repository, console).publish(suite, debs);
        }
        System.out.println(suite + ": " + result.added().size() + " added, " + result.alreadyThere().size()
                + " already there");
        if (destination.isPresent()) {
            destination.get().mirror(repo.repository);
        }
        return 0;
    }
}
