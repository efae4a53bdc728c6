package com.speedy.repo.cli;

import com.speedy.repo.publish.Publisher;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Takes packages out of a suite and re-signs it; the pool keeps the files (see cleanup).",
        footer = {"", "Example:", "  repo-tool remove -r /srv/apt --suite dev speedy-app=1.3.0-1"})
final class RemoveCommand implements Callable<Integer> {
    @Mixin
    RepositoryOption repo;

    @Mixin
    SigningOptions signing;

    @Mixin
    MirrorOptions mirror;

    @Option(names = "--suite", required = true, paramLabel = "NAME", description = "the suite")
    String suite;

    @Parameters(paramLabel = "NAME[=VERSION]", arity = "1..*", description = "the packages (NAME alone: every version)")
    List<String> packages;

    @Override
    public Integer call() throws Exception {
        Optional<MirrorOptions.Destination> destination = mirror.destination(repo.repository);
        Publisher.Result result = signing.publisher(repo.repository).remove(packages, suite);
        System.out.println(suite + ": " + result.added().size() + " removed");
        if (destination.isPresent()) {
            destination.get().mirror(repo.repository);
        }
        return 0;
    }
}
