package com.speedy.repo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Mirrors the repository to a bucket without changing it: uploads what the bucket lacks or holds "
                + "otherwise, pool and by-hash first, InRelease last. Deletes nothing.",
        footer = {"", "Example:",
            "  repo-tool sync -r /srv/apt --target s3://apt/speedy --s3-config ~/.config/s3.properties"})
final class SyncCommand implements Callable<Integer> {
    @Mixin
    RepositoryOption repo;

    @Mixin
    MirrorOptions mirror;

    @Override
    public Integer call() throws Exception {
        if (mirror.target.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(mirror.command.commandLine(),
                    "sync needs --target s3://BUCKET/PREFIX");
        }
        mirror.destination(repo.repository).orElseThrow().mirror(repo.repository);
        return 0;
    }
}
