package com.speedy.repo.publish;

import com.speedy.debian.InvalidSuiteException;
import com.speedy.debian.Suite;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code repo-tool init} records in {@code conf/repository.properties}: the suites, the architectures each suite
 * serves ({@code Architecture: all} packages are listed under every one), and the Origin and Label apt shows.
 */
public record RepositoryConfig(String origin, String label, List<Suite> suites, List<String> architectures) {
    public static final String FILE = "conf/repository.properties";
    public static final String COMPONENT = "main";
    private static final Set<String> KEYS = Set.of("origin", "label", "suites", "architectures");

    public RepositoryConfig {
        suites = List.copyOf(suites);
        architectures = List.copyOf(architectures);
    }

    public static RepositoryConfig read(Path repository) throws PublishException {
        Path file = repository.resolve(FILE);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new PublishException(repository + " is not a repository (no " + FILE + "); create one with"
                    + " `repo-tool init " + repository + "`");
        } catch (IOException e) {
            throw new PublishException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new PublishException(file + ": unknown key(s) " + unknown + "; known: " + new TreeSet<>(KEYS));
        }
        List<Suite> suites = new ArrayList<>();
        for (String s : list(p, file, "suites")) {
            suites.add(parseSuite(s));
        }
        return new RepositoryConfig(p.getProperty("origin", "Speedy"), p.getProperty("label", "Speedy"), suites,
                list(p, file, "architectures"));
    }

    public void write(Path repository) throws IOException {
        Path file = repository.resolve(FILE);
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# Written by repo-tool init. suites and architectures are comma-separated.\n");
            out.write("origin = " + origin + "\nlabel = " + label + "\n");
            out.write("suites = " + String.join(",", suites.stream().map(Suite::toString).toList()) + "\n");
            out.write("architectures = " + String.join(",", architectures) + "\n");
        }
    }

    public Suite suite(String name) throws PublishException {
        Suite suite = parseSuite(name);
        if (!suites.contains(suite)) {
            throw new PublishException("unknown suite \"" + name + "\"; this repository has " + suites);
        }
        return suite;
    }

    private static Suite parseSuite(String name) throws PublishException {
        try {
            return Suite.parse(name);
        } catch (InvalidSuiteException e) {
            throw new PublishException(e.getMessage(), e);
        }
    }

    private static List<String> list(Properties p, Path file, String key) throws PublishException {
        String value = p.getProperty(key, "").strip();
        if (value.isEmpty()) {
            throw new PublishException(file + ": " + key + " is missing or empty");
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
