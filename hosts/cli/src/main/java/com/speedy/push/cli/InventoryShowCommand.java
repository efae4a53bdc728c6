package com.speedy.push.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.push.inventory.Host;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Lists the hosts: address, login, groups, environment, suite, and the packages each should run"
                + " (its own and its groups').",
        footer = {"", "Example:", "  push inventory show -i hosts/inventory/example.yaml --json | jq -r '.[].name'"})
final class InventoryShowCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Option(names = "--json", description = "one JSON array, for scripts")
    boolean json;

    @Spec
    CommandSpec spec;

    /** One host as shown. */
    record Row(String name, String address, int port, String user, List<String> groups, String environment,
            String suite, List<String> packages) {
        static Row of(Host host) {
            return new Row(host.name().toString(), host.address(), host.port(), host.user(),
                    host.groups().stream().map(Object::toString).toList(),
                    host.environment().map(Object::toString).orElse(""),
                    host.suite().map(Object::toString).orElse(""),
                    host.packages().stream().map(Object::toString).toList());
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Row> rows = inventory.read().hosts().stream().map(Row::of).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
            return 0;
        }
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("HOST", "ADDRESS", "PORT", "USER", "GROUPS", "ENVIRONMENT", "SUITE", "PACKAGES"));
        for (Row r : rows) {
            table.add(List.of(r.name(), r.address(), Integer.toString(r.port()), r.user(),
                    Table.orDash(String.join(",", r.groups())), Table.orDash(r.environment()), Table.orDash(r.suite()),
                    Table.orDash(String.join(" ", r.packages()))));
        }
        Table.print(out, table);
        return 0;
    }
}
