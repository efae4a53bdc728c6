package com.speedy.repo.cli;

import com.speedy.repo.signing.GeneratedKey;
import com.speedy.repo.signing.KeyGenerator;
import com.speedy.repo.signing.ReleaseSigners;
import com.speedy.repo.publish.PublishException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "key", mixinStandardHelpOptions = true, description = "Manages the repository's signing key.",
        subcommands = KeyCommand.Generate.class)
final class KeyCommand {
    static final String SECRET_KEY = ReleaseSigners.DEFAULT_KEY_FILE;
    static final String PUBLIC_KEYRING = "conf/archive-keyring.gpg";

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Creates an OpenPGP signing key: conf/signing-key.asc (secret, mode 0600) and "
                    + "conf/archive-keyring.gpg, the public keyring clients name with signed-by.",
            footer = {"", "Example:", "  repo-tool key generate -r /srv/apt --name 'Speedy Archive' --email apt@speedy.example",
                "  then on each client: /etc/apt/keyrings/speedy.gpg from conf/archive-keyring.gpg, and",
                "  deb [signed-by=/etc/apt/keyrings/speedy.gpg] http://HOST/ dev main"})
    static final class Generate implements Callable<Integer> {
        @Mixin
        RepositoryOption repo;

        @Option(names = "--name", defaultValue = "Speedy Archive", description = "the key's name (default: ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--email", defaultValue = "releases@speedy.example", description = "the key's e-mail (default: ${DEFAULT-VALUE})")
        String email;

        @Override
        public Integer call() throws Exception {
            Path secret = repo.repository.resolve(SECRET_KEY);
            if (Files.exists(secret)) {
                throw new PublishException(secret + " exists already; move it away first to make a new key");
            }
            GeneratedKey key = new KeyGenerator().generate(name, email);
            Files.createDirectories(secret.getParent());
            Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(secret, key.armoredSecretKey());
            Files.write(repo.repository.resolve(PUBLIC_KEYRING), key.publicKeyring());
            System.out.println("signing key " + key.fingerprint() + " written to " + secret + "; public keyring: "
                    + repo.repository.resolve(PUBLIC_KEYRING));
            return 0;
        }
    }
}
