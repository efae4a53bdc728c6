package com.speedy.repo.cli;

import com.speedy.repo.publish.Verifier;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-checks every signature, index and pool file as a client would; exit 1 on any problem.",
        footer = {"", "Example:", "  repo-tool verify -r /srv/apt"})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    RepositoryOption repo;

    @Option(names = "--keyring", paramLabel = "FILE",
            description = "the public keyring clients use (default: conf/archive-keyring.gpg)")
    Path keyring;

    @Override
    public Integer call() throws Exception {
        Path trusted = keyring != null ? keyring : repo.repository.resolve(KeyCommand.PUBLIC_KEYRING);
        List<String> problems = new Verifier(repo.repository, trusted).problems();
        problems.forEach(p -> System.out.println("problem: " + p));
        System.out.println(problems.isEmpty() ? "verified: every signature, index and pool file is intact"
                : problems.size() + " problem(s)");
        return problems.isEmpty() ? 0 : RepoTool.REFUSED;
    }
}
