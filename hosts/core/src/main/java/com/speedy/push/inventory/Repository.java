package com.speedy.push.inventory;

import com.speedy.debian.Suite;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The apt repository that repo-tool publishes, as hosts see it.
 *
 * @param url where hosts fetch it, e.g. {@code http://apt.speedy.example/}
 * @param suite the suite of hosts without an environment
 * @param keyring the public keyring on this machine ({@code conf/archive-keyring.gpg} of the repository) that hosts get
 *     as their {@code signed-by} keyring
 */
public record Repository(URI url, Optional<Suite> suite, Path keyring) {
    public Repository {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(keyring, "keyring");
    }
}
