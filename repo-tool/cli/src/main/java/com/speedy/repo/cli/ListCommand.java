package com.speedy.repo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.repo.index.IndexFormatException;
import com.speedy.repo.index.PackagesIndex;
import com.speedy.repo.publish.PublishException;
import com.speedy.repo.publish.Recovery;
import com.speedy.repo.publish.RepositoryConfig;
import com.speedy.debian.Suite;
import com.speedy.repo.publish.SuiteContents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists each suite's packages: name, version, architecture, size.",
        footer = {"", "Example:", "  repo-tool list -r /srv/apt --json | jq '.[] | select(.suite == \"stable\")'"})
final class ListCommand implements Callable<Integer> {
    @Mixin
    RepositoryOption repo;

    @Option(names = "--suite", paramLabel = "NAME", description = "only this suite")
    String only;

    @Option(names = "--json", description = "one JSON array, for scripts")
    boolean json;

    @Spec
    CommandSpec spec;

    /** One row of the listing. */
    record Row(String suite, String name, String version, String architecture, long size) {}

    @Override
    public Integer call() throws Exception {
        RepositoryConfig config = RepositoryConfig.read(repo.repository);
        // A killed write is put right first, and said so on stderr (stdout may be JSON for a script).
        Recovery.recover(repo.repository, spec.commandLine().getErr()::println);
        List<Row> rows = new ArrayList<>();
        for (Suite suite : only == null ? config.suites() : List.of(config.suite(only))) {
            rows.addAll(rows(repo.repository, suite, config));
        }
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } else {
            System.out.printf("%-10s %-28s %-36s %-8s %12s%n", "SUITE", "PACKAGE", "VERSION", "ARCH", "SIZE");
            for (Row r : rows) {
                System.out.printf("%-10s %-28s %-36s %-8s %12d%n", r.suite(), r.name(), r.version(), r.architecture(),
                        r.size());
            }
        }
        return 0;
    }

    private static List<Row> rows(Path repository, Suite suite, RepositoryConfig config)
            throws PublishException, IndexFormatException {
        List<PackagesIndex.Entry> entries = new ArrayList<>(SuiteContents.read(repository, config, suite).packages());
        entries.sort(PackagesIndex.ORDER);
        List<Row> rows = new ArrayList<>();
        for (PackagesIndex.Entry e : entries) {
            rows.add(new Row(suite.toString(), e.name(), e.version().toString(), e.architecture(), e.size()));
        }
        return rows;
    }
}
