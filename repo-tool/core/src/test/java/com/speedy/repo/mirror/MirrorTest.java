package com.speedy.repo.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorTest {
    @TempDir
    Path repo;

    private final MemoryStore store = new MemoryStore();
    private final List<String> said = new ArrayList<>();

    @BeforeEach
    void aRepository() throws Exception {
        file("conf/.lock", "");
        file("pool/main/a/a/a_1_all.deb", "deb");
        file("dists/.dev.1/main/binary-amd64/by-hash/SHA256/h1", "index 1");
        file("dists/.dev.1/main/binary-amd64/Packages", "index 1");
        file("dists/.dev.1/Release", "release 1");
        file("dists/.dev.1/InRelease", "inrelease 1");
        Files.createSymbolicLink(repo.resolve("dists/dev"), Path.of(".dev.1"));
    }

    @Test
    void aFirstMirrorUploadsEverythingInReleaseLastWithItsCacheHeader() throws Exception {
        Mirror.Result result = new Mirror(store, "p", said::add).mirror(repo);

        assertThat(result).isEqualTo(new Mirror.Result(5, 0));
        assertThat(store.puts).containsExactly("p/pool/main/a/a/a_1_all.deb",
                "p/dists/dev/main/binary-amd64/by-hash/SHA256/h1", "p/dists/dev/main/binary-amd64/Packages",
                "p/dists/dev/Release", "p/dists/dev/InRelease");
        assertThat(store.cacheControl).containsEntry("p/pool/main/a/a/a_1_all.deb",
                "public, max-age=31536000, immutable").containsEntry("p/dists/dev/InRelease", "public, max-age=60");
        assertThat(store.listings).isEqualTo(1);
    }

    @Test
    void aSecondMirrorListsOnceAndUploadsOnlyWhatChanged() throws Exception {
        new Mirror(store, "p", said::add).mirror(repo);
        store.puts.clear();
        file("dists/.dev.1/InRelease", "inrelease 2");
        file("dists/.dev.1/Release", "release 2");

        Mirror.Result result = new Mirror(store, "p", said::add).mirror(repo);

        assertThat(result).isEqualTo(new Mirror.Result(2, 3));
        assertThat(store.puts).containsExactly("p/dists/dev/Release", "p/dists/dev/InRelease");
        assertThat(store.listings).isEqualTo(2);
    }

    @Test
    void anIndexOfTheSameSizeButOtherContentIsUploadedAgain() throws Exception {
        new Mirror(store, "", said::add).mirror(repo);
        store.puts.clear();
        file("dists/.dev.1/main/binary-amd64/Packages", "index 2");

        new Mirror(store, "", said::add).mirror(repo);

        assertThat(store.puts).containsExactly("dists/dev/main/binary-amd64/Packages");
    }

    @Test
    void nothingChangedIsNothingUploadedAndNothingSaid() throws Exception {
        new Mirror(store, "", said::add).mirror(repo);
        said.clear();

        assertThat(new Mirror(store, "", said::add).mirror(repo)).isEqualTo(new Mirror.Result(0, 5));
        assertThat(said).isEmpty();
    }

    private void file(String path, String content) throws Exception {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** An in-memory bucket whose ETags are MD5s, as S3's are for single-part uploads. */
    private static final class MemoryStore implements ObjectStore {
        final Map<String, Listed> objects = new TreeMap<>();
        final Map<String, String> cacheControl = new TreeMap<>();
        final List<String> puts = new ArrayList<>();
        int listings;

        @Override
        public Map<String, Listed> list(String prefix) {
            listings++;
            return new TreeMap<>(objects);
        }

        @Override
        public void put(String key, Path file, String cacheControl) throws IOException {
            byte[] content = Files.readAllBytes(file);
            try {
                objects.put(key, new Listed(key, content.length,
                        HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content))));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            this.cacheControl.put(key, cacheControl);
            puts.add(key);
        }
    }
}
