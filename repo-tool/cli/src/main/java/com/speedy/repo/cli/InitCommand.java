package com.speedy.repo.cli;

import com.speedy.repo.publish.PublishException;
import com.speedy.repo.publish.RepositoryConfig;
import com.speedy.debian.Suite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Creates an empty repository in DIR.",
        footer = {"", "Example:", "  repo-tool init /srv/apt --suite dev --suite stable --arch amd64 --arch arm64"})
final class InitCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "where the repository goes (created if missing; must be empty)")
    Path directory;

    @Option(names = "--suite", paramLabel = "NAME", description = "a suite (repeatable; default: dev and stable)")
    List<String> suites = new ArrayList<>(List.of("dev", "stable"));

    @Option(names = "--arch", paramLabel = "ARCH", description = "an architecture served (repeatable; default: amd64)")
    List<String> architectures = new ArrayList<>(List.of("amd64"));

    @Option(names = "--origin", defaultValue = "Speedy", description = "Origin and Label in Release (default: ${DEFAULT-VALUE})")
    String origin;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(directory.resolve(RepositoryConfig.FILE))) {
            throw new PublishException(directory + " is already a repository (" + RepositoryConfig.FILE + " exists)");
        }
        List<Suite> parsed = new ArrayList<>();
        for (String s : suites) {
            parsed.add(Suite.parse(s));
        }
        new RepositoryConfig(origin, origin, parsed, architectures).write(directory);
        Files.createDirectories(directory.resolve("pool"));
        Files.createDirectories(directory.resolve("dists"));
        System.out.println("created repository " + directory + " (suites " + suites + ", architectures "
                + architectures + "); next: repo-tool key generate -r " + directory);
        return 0;
    }
}
