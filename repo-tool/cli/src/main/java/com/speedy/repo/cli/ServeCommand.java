package com.speedy.repo.cli;

import com.speedy.repo.serve.RepositoryServer;
import com.sun.net.httpserver.HttpServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves the repository over HTTP, read-only, for development (use nginx in production).",
        footer = {"", "Example:", "  repo-tool serve -r /srv/apt --bind 127.0.0.1 --port 8000"})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    RepositoryOption repo;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", defaultValue = "8000", description = "port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Override
    public Integer call() throws Exception {
        HttpServer server = RepositoryServer.start(repo.repository.toAbsolutePath().normalize(), bind, port);
        System.out.println("serving " + repo.repository + " on http://" + bind + ":" + server.getAddress().getPort()
                + "/ (Ctrl-C stops)");
        new CountDownLatch(1).await();
        return 0;
    }
}
