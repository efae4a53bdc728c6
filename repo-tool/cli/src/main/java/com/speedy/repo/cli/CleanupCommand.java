package com.speedy.repo.cli;

import com.speedy.repo.publish.Cleanup;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Deletes older versions from the pool, keeping the newest N of each package and every file a"
                + " suite still names.",
        footer = {"", "Example:", "  repo-tool cleanup -r /srv/apt --keep 3"})
final class CleanupCommand implements Callable<Integer> {
    @Mixin
    RepositoryOption repo;

    @Option(names = "--keep", required = true, paramLabel = "N", description = "versions of each package to keep")
    int keep;

    @Override
    public Integer call() throws Exception {
        List<String> deleted = new Cleanup(repo.repository, System.out::println).keepNewest(keep);
        System.out.println(deleted.size() + " file(s) deleted from the pool");
        return 0;
    }
}
