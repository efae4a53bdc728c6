package com.speedy.push.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The build's training run for push's class-data sharing archive (see the parent pom). A build has no SSH server to
 * push to, so besides the help run it loads, without initialising them, the classes of the libraries that every
 * remote command goes through (sshj, its ASN.1 and key code, the inventory's YAML, JSON for --json) and push's own:
 * they are then parsed and verified at build time rather than on every start. Measured on `push db alias show` of 8
 * testbed hosts: 0.15 s and 0.2 s of CPU less per run. A class that cannot be loaded here (an optional dependency
 * missing) is left out, as the JVM would do; the count of those is printed.
 */
public final class CdsTraining {
    /** The packages whose classes go into the archive, as jar entry prefixes. */
    private static final List<String> PACKAGES = List.of("com/speedy/", "net/schmizz/", "com/hierynomus/",
            "org/yaml/snakeyaml/", "com/fasterxml/jackson/", "org/slf4j/");

    private CdsTraining() {}

    public static void main(String[] args) throws IOException, URISyntaxException {
        Path jar = Path.of(Push.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!jar.toString().endsWith(".jar")) {
            throw new IllegalStateException("push's classes come from " + jar + ", not from its jar: run this with"
                    + " -cp push.jar:test-classes");
        }
        int loaded = 0;
        int skipped = 0;
        ClassLoader loader = CdsTraining.class.getClassLoader();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")
                        || PACKAGES.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false,
                            loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    skipped++;
                }
            }
        }
        System.out.println("CdsTraining: " + loaded + " classes loaded, " + skipped + " left out");
        int exit = Push.commandLine().execute(args.length == 0 ? new String[] {"--help"} : args);
        if (exit != 0) {
            throw new IllegalStateException("push " + String.join(" ", args) + " exited with " + exit);
        }
    }
}
