package com.speedy.repo.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --repo DIR}, shared by every command that works on a repository. */
final class RepositoryOption {
    @Option(names = {"-r", "--repo"}, paramLabel = "DIR", defaultValue = "${REPO_TOOL_REPO:-.}",
            description = "the repository (default: $REPO_TOOL_REPO, else the current folder)")
    Path repository;
}
