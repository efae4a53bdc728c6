package com.speedy.push.inventory;

import com.speedy.settings.Suggestions;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The hosts push works on, their groups and environments, the repository they install from and how to log in to them:
 * read from one YAML file and checked as a whole before anything else happens. Only {@link #read} makes one, so an
 * inventory is always consistent: every group, environment, monitoring server and backup server it names exists.
 */
public final class Inventory {
    private final Path file;
    private final List<Host> hosts;
    private final List<Group> groups;
    private final List<Environment> environments;
    private final Optional<Repository> repository;
    private final SshSettings ssh;
    private final Optional<Monitoring> monitoring;
    private final Optional<Backup> backup;
    private final HostSetup hostSetup;
    private final Optional<Firewall> firewall;
    private final Optional<Secrets> secrets;

    Inventory(Path file, List<Host> hosts, List<Group> groups, List<Environment> environments,
            Optional<Repository> repository, SshSettings ssh, Optional<Monitoring> monitoring,
            Optional<Backup> backup, HostSetup hostSetup, Optional<Firewall> firewall, Optional<Secrets> secrets) {
        this.file = file;
        this.hosts = List.copyOf(hosts);
        this.groups = List.copyOf(groups);
        this.environments = List.copyOf(environments);
        this.repository = repository;
        this.ssh = ssh;
        this.monitoring = monitoring;
        this.backup = backup;
        this.hostSetup = hostSetup;
        this.firewall = firewall;
        this.secrets = secrets;
    }

    /**
     * Reads and checks an inventory file. {@code home} is where {@code ~/} in a path points: the home folder of the
     * user running push.
     */
    public static Inventory read(Path file, Path home) throws InventoryException {
        return read(file, home, FileAccess.real());
    }

    /** {@link #read} with the files the inventory names checked by {@code files} (a test's home is not real). */
    static Inventory read(Path file, Path home, FileAccess files) throws InventoryException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InventoryException(file, List.of(new InventoryProblem(file, Optional.empty(), "", "no such file")));
        } catch (IOException e) {
            String reason = e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
            throw new InventoryException(file, List.of(new InventoryProblem(file, Optional.empty(), "",
                    "cannot read it: " + reason)));
        }
        return new InventoryReader(file, home, files).read(Utf8Text.decode(file, bytes));
    }

    /**
     * Checks inventory text as if read from {@code file} (which names it in problems and anchors relative paths), without
     * looking at the files it names ({@link #read} checks that they can be read).
     */
    public static Inventory parse(Path file, String text, Path home) throws InventoryException {
        return new InventoryReader(file, home, FileAccess.unchecked()).read(text);
    }

    public Path file() {
        return file;
    }

    /** Every host, in the order of the file. */
    public List<Host> hosts() {
        return hosts;
    }

    public List<Group> groups() {
        return groups;
    }

    public List<Environment> environments() {
        return environments;
    }

    /** Empty in an inventory that only says how to reach the hosts, as the testbed's does. */
    public Optional<Repository> repository() {
        return repository;
    }

    public SshSettings ssh() {
        return ssh;
    }

    public Optional<Monitoring> monitoring() {
        return monitoring;
    }

    /** Empty where nothing is backed up yet: no {@code backup} section. */
    public Optional<Backup> backup() {
        return backup;
    }

    /** What {@code push bootstrap} sets on every host: its {@code bootstrap} section, or the defaults. */
    public HostSetup hostSetup() {
        return hostSetup;
    }

    /** Who may log in with ssh, for {@code push firewall}: its {@code firewall} section, if it has one. */
    public Optional<Firewall> firewall() {
        return firewall;
    }

    /** Where the conffiles' secrets are kept, encrypted, for {@code push config}: its {@code secrets} section. */
    public Optional<Secrets> secrets() {
        return secrets;
    }

    /** The hosts that run at least one of {@code packages}, as the inventory says, in its order. */
    public List<Host> hostsRunning(Set<String> packages) {
        return hosts.stream().filter(h -> h.packages().stream().anyMatch(p -> packages.contains(p.name().toString())))
                .toList();
    }

    public Optional<Host> host(HostName name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** The hosts in a group, in the order of the file. */
    public List<Host> members(GroupName group) {
        return hosts.stream().filter(h -> h.isIn(group)).toList();
    }

    /** Whether {@code name} is a host or a group of this inventory: what a command-line word naming a target is. */
    public boolean isTarget(String name) {
        return hosts.stream().anyMatch(h -> h.name().toString().equals(name))
                || groups.stream().anyMatch(g -> g.name().toString().equals(name));
    }

    /**
     * The hosts that command-line targets name: each {@code HOST} or {@code GROUP} (the inventory keeps their names
     * apart), or every host with {@code all}. Each host once, in the order of the file. Unknown names are reported
     * together, with what the inventory has; so is a group without hosts.
     */
    public List<Host> select(List<String> names, boolean all) throws SelectionException {
        if (all) {
            if (!names.isEmpty()) {
                throw new SelectionException(names, "name hosts or groups, or all hosts, not both");
            }
            return hosts;
        }
        if (names.isEmpty()) {
            throw new SelectionException(names, "no hosts named: name hosts or groups, or all hosts");
        }
        Set<Host> selected = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (String name : names) {
            Optional<Host> host = hosts.stream().filter(h -> h.name().toString().equals(name)).findFirst();
            Optional<Group> group = groups.stream().filter(g -> g.name().toString().equals(name)).findFirst();
            if (host.isPresent()) {
                selected.add(host.get());
            } else if (group.isPresent()) {
                List<Host> members = members(group.get().name());
                selected.addAll(members);
                if (members.isEmpty()) {
                    empty.add(name);
                }
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new SelectionException(unknown, unknownMessage(unknown));
        }
        if (!empty.isEmpty()) {
            throw new SelectionException(empty, "no host is in group " + String.join(", ", empty));
        }
        return hosts.stream().filter(selected::contains).toList();
    }

    private String unknownMessage(List<String> unknown) {
        return "no host or group named " + withSuggestions(unknown, false, List.of()) + " in " + file + "; "
                + targetList();
    }

    /**
     * The exception for command-line words that name no host or group of this inventory and no package it or the
     * repository knows: each with the closest known name ("did you mean"), all at once. {@code alsoKnown} are the
     * names the hosts' apt knows, for the suggestions.
     */
    public SelectionException unknownNames(List<String> unknown, Collection<String> alsoKnown) {
        return new SelectionException(unknown, "no host, group or package named "
                + withSuggestions(unknown, true, alsoKnown) + " in " + file + " or its hosts' repository; "
                + targetList()
                + (packageNames().isEmpty() ? "" : "; packages: " + String.join(", ", packageNames())));
    }

    /** The host an argument must name ({@code what}: "--to", "HOST"), else an exception offering the closest. */
    public Host namedHost(String name, String what) throws SelectionException {
        return hosts.stream().filter(h -> h.name().toString().equals(name)).findFirst()
                .orElseThrow(() -> new SelectionException(List.of(name), what + " '" + name + "' is not a host of "
                        + file + Suggestions.closest(name, hosts.stream().map(h -> h.name().toString()).toList())
                                .map(k -> " (did you mean " + k + "?)").orElse("") + "; " + targetList()));
    }

    /** Every package a host or group of this inventory names, sorted. */
    public Set<String> packageNames() {
        Set<String> names = new TreeSet<>();
        hosts.forEach(h -> h.packages().forEach(p -> names.add(p.name().toString())));
        groups.forEach(g -> g.packages().forEach(p -> names.add(p.name().toString())));
        return names;
    }

    private String withSuggestions(List<String> unknown, boolean packages, Collection<String> alsoKnown) {
        List<String> known = new ArrayList<>();
        hosts.forEach(h -> known.add(h.name().toString()));
        groups.forEach(g -> known.add(g.name().toString()));
        if (packages) {
            known.addAll(packageNames());
        }
        known.addAll(alsoKnown);
        return unknown.stream()
                .map(name -> name + Suggestions.closest(name, known).map(k -> " (did you mean " + k + "?)").orElse(""))
                .collect(Collectors.joining(", "));
    }

    private String targetList() {
        return "hosts: " + hosts.stream().map(h -> h.name().toString()).collect(Collectors.joining(", "))
                + (groups.isEmpty() ? "; no groups" : "; groups: "
                        + groups.stream().map(g -> g.name().toString()).collect(Collectors.joining(", ")));
    }
}
