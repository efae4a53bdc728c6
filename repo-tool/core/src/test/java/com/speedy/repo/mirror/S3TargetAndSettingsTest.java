package com.speedy.repo.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3TargetAndSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aTargetIsABucketAndAPrefixWithoutOuterSlashes() throws Exception {
        assertThat(S3Target.parse("s3://apt/speedy/")).isEqualTo(new S3Target("apt", "speedy"));
        assertThat(S3Target.parse("s3://apt/a/b")).isEqualTo(new S3Target("apt", "a/b"));
        assertThat(S3Target.parse("s3://apt")).isEqualTo(new S3Target("apt", ""));
        assertThat(S3Target.parse("s3://apt/a/b").toString()).isEqualTo("s3://apt/a/b");
    }

    @Test
    void aTargetThatIsNotS3IsRefused() {
        assertThatThrownBy(() -> S3Target.parse("https://apt/speedy")).hasMessageContaining("s3://BUCKET/PREFIX");
        assertThatThrownBy(() -> S3Target.parse("s3://apt/a?x=1")).hasMessageContaining("more than");
        assertThatThrownBy(() -> S3Target.parse("s3://apt/a//b")).hasMessageContaining("empty folder");
    }

    @Test
    void settingsAreReadFromAPrivateFile() throws Exception {
        Path file = settings("rw-------", "endpoint=http://127.0.0.1:9000\nregion=us-east-1\naccess-key=AK\n"
                + "secret-key=SECRET\n");

        S3Settings settings = S3Settings.read(file);

        assertThat(settings.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(settings.accessKey()).isEqualTo("AK");
        assertThat(settings.secretKey()).isEqualTo("SECRET");
        assertThat(settings.toString()).doesNotContain("SECRET");
    }

    @Test
    void aFileOthersMayReadIsRefusedWithoutShowingTheSecret() throws Exception {
        Path file = settings("rw-r--r--",
                "endpoint=http://127.0.0.1:9000\nregion=r\naccess-key=AK\nsecret-key=SECRET\n");

        assertThatThrownBy(() -> S3Settings.read(file)).hasMessageContaining("others may read it")
                .hasMessageContaining("chmod 600").message().doesNotContain("SECRET");
    }

    @Test
    void everyProblemOfTheFileIsNamedAtOnce() throws Exception {
        Path file = settings("rw-------", "endpoint=ftp://x\nregion=r\nsecret=SECRET\nacl=public-read\n");

        assertThatThrownBy(() -> S3Settings.read(file)).hasMessageContaining("unknown key \"secret\"")
                .hasMessageContaining("\"access-key\" is missing").hasMessageContaining("\"secret-key\" is missing")
                .hasMessageContaining("not an http:// or https:// URL").message().doesNotContain("SECRET");
    }

    private Path settings(String mode, String content) throws Exception {
        Path file = Files.createFile(dir.resolve("s3.properties"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
