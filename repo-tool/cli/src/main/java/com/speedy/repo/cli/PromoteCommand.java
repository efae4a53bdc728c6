package com.speedy.repo.cli;

import com.speedy.repo.publish.Publisher;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Copies packages from one suite to another (the pool file is shared) and re-signs the target.",
        footer = {"", "Example:", "  repo-tool promote -r /srv/apt speedy-app=1.4.0-1 speedy-jobs=1.4.0-1 --from dev --to stable"})
final class PromoteCommand implements Callable<Integer> {
    @Mixin
    RepositoryOption repo;

    @Mixin
    SigningOptions signing;

    @Mixin
    MirrorOptions mirror;

    @Option(names = "--from", required = true, paramLabel = "SUITE", description = "where the packages are, e.g. dev")
    String from;

    @Option(names = "--to", required = true, paramLabel = "SUITE", description = "where they go, e.g. stable")
    String to;

    @Parameters(paramLabel = "NAME=VERSION", arity = "1..*", description = "the packages (NAME alone: every version)")
    List<String> packages;

    @Override
    public Integer call() throws Exception {
        Optional<MirrorOptions.Destination> destination = mirror.destination(repo.repository);
        Publisher.Result result = signing.publisher(repo.repository).promote(packages, from, to);
        System.out.println(to + ": " + result.added().size() + " promoted, " + result.alreadyThere().size()
                + " already there");
        if (destination.isPresent()) {
            destination.get().mirror(repo.repository);
        }
        return 0;
    }
}
