package com.speedy.repo.deb;

import com.speedy.debian.Architecture;
import com.speedy.debian.DebianVersion;
import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.repo.deb.DebFormatException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Builds real packages with dpkg-deb and checks DebReader against dpkg-deb and the coreutils digest tools. */
class DebReaderTest {
    private static final String CONTROL = "Package: speedy-app\n"
            + "Version: 2:1.4.0~rc1-1+deb12u1\n"
            + "Architecture: amd64\n"
            + "Maintainer: Speedy Release Team <releases@speedy.example>\n"
            + "Installed-Size: 4\n"
            + "Depends: adduser,\n"
            + " default-jre-headless\n"
            + "Description: the Speedy web app\n"
            + " Serves the product.\n"
            + " .\n"
            + " More text.\n";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "-Z{0}")
    @ValueSource(strings = {"gzip", "xz", "zstd", "none"})
    void readsControlFieldsAndDigestsInOnePass(String compression) throws Exception {
        Path deb = build(CONTROL, compression, false, 100);

        DebPackage read = DebReader.read(deb);

        assertThat(arMembers(deb)).contains(controlMemberFor(compression));
        assertThat(read.name()).hasToString("speedy-app");
        assertThat(read.version()).hasToString("2:1.4.0~rc1-1+deb12u1");
        assertThat(read.architecture()).hasToString("amd64");
        assertThat(read.control().write()).isEqualTo(CONTROL);
        assertThat(read.size()).isEqualTo(Files.size(deb));
        assertThat(read.md5()).isEqualTo(digestTool("md5sum", deb));
        assertThat(read.sha1()).isEqualTo(digestTool("sha1sum", deb));
        assertThat(read.sha256()).isEqualTo(digestTool("sha256sum", deb));
    }

    @Test
    void digestsCoverPackagesLargerThanTheBuffer() throws Exception {
        // Random bytes do not compress, so the data member alone is several times the 1 MiB buffer.
        Path deb = build(CONTROL, "none", false, 3 * DebReader.MAX_BUFFER + 12345);

        DebPackage read = DebReader.read(deb);

        assertThat(read.size()).isEqualTo(Files.size(deb)).isGreaterThan(3L * DebReader.MAX_BUFFER);
        assertThat(read.md5()).isEqualTo(digestTool("md5sum", deb));
        assertThat(read.sha1()).isEqualTo(digestTool("sha1sum", deb));
        assertThat(read.sha256()).isEqualTo(digestTool("sha256sum", deb));
    }

    @Test
    void textFileIsNotADeb() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.deb"), "Package: speedy-app\nVersion: 1.0\n");

        assertFails(text, Reason.NOT_A_DEB, "not a .deb");
    }

    @Test
    void emptyFileIsNotADeb() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.deb"));

        assertFails(empty, Reason.NOT_A_DEB, "not a .deb");
    }

    @Test
    void arArchiveWithoutDebianBinaryIsNotADeb() throws Exception {
        Path member = Files.writeString(dir.resolve("hello.txt"), "hello\n");
        Path archive = dir.resolve("plain.a");
        run(dir, "ar", "rc", archive.toString(), member.toString());

        assertFails(archive, Reason.NOT_A_DEB, "'hello.txt', not 'debian-binary'");
    }

    @Test
    void debTruncatedToHalfItsLengthIsTruncated() throws Exception {
        Path deb = build(CONTROL, "xz", false, 2000);
        byte[] whole = Files.readAllBytes(deb);
        Path half = Files.write(dir.resolve("half.deb"), Arrays.copyOf(whole, whole.length / 2));

        assertFails(half, Reason.TRUNCATED, "truncated");
    }

    @Test
    void debCutInsideAnArHeaderIsTruncated() throws Exception {
        Path deb = build(CONTROL, "gzip", false, 100);
        // 8 bytes of ar magic, then the debian-binary header (60) and its data (4), then 30 of the next header's bytes.
        Path cut = Files.write(dir.resolve("cut.deb"), Arrays.copyOf(Files.readAllBytes(deb), 8 + 60 + 4 + 30));

        assertFails(cut, Reason.TRUNCATED, "ar member header");
    }

    @ParameterizedTest(name = "-Z{0}")
    @ValueSource(strings = {"gzip", "xz", "zstd"})
    void byteFlippedInsideControlTarIsCorrupt(String compression) throws Exception {
        Path deb = build(CONTROL, compression, false, 100);
        byte[] bytes = Files.readAllBytes(deb);
        // The control member's header follows the 8-byte magic and debian-binary (60-byte header, 4 bytes of data).
        int header = 8 + 60 + 4;
        int length = Integer.parseInt(new String(bytes, header + 48, 10, StandardCharsets.US_ASCII).trim());
        bytes[header + 60 + length / 2] ^= 0x55;
        Path flipped = Files.write(dir.resolve("flipped.deb"), bytes);

        assertFails(flipped, Reason.CORRUPT, "damaged control member '" + controlMemberFor(compression) + "'");
    }

    @Test
    void controlWithoutVersionNamesTheMissingField() throws Exception {
        Path deb = build(CONTROL.replace("Version: 2:1.4.0~rc1-1+deb12u1\n", ""), "gzip", true, 100);

        DebFormatException e = assertFails(deb, Reason.MISSING_FIELD, "no Version field");
        assertThat(e.field()).isEqualTo("Version");
    }

    @Test
    void controlWithoutArchitectureNamesTheMissingField() throws Exception {
        Path deb = build(CONTROL.replace("Architecture: amd64\n", ""), "gzip", true, 100);

        assertThat(assertFails(deb, Reason.MISSING_FIELD, "no Architecture field").field()).isEqualTo("Architecture");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0-", "a1"})
    void invalidVersionUsesTheVersionParsersMessage(String version) throws Exception {
        Path deb = build(CONTROL.replace("2:1.4.0~rc1-1+deb12u1", version), "gzip", true, 100);
        String expected = messageOf(() -> DebianVersion.parse(version));

        assertFails(deb, Reason.INVALID_VERSION, expected);
    }

    @Test
    void invalidPackageNameIsRejected() throws Exception {
        Path deb = build(CONTROL.replace("Package: speedy-app", "Package: Speedy_App"), "gzip", true, 100);

        assertFails(deb, Reason.INVALID_PACKAGE_NAME, "'Speedy_App'");
    }

    @Test
    void sourceIsNotAnArchitectureOfABinaryPackage() throws Exception {
        Path deb = build(CONTROL.replace("Architecture: amd64", "Architecture: source"), "gzip", true, 100);

        assertFails(deb, Reason.INVALID_ARCHITECTURE, "'source'");
    }

    @Test
    void missingFileIsAnIoErrorNotAFormatError() {
        assertThatThrownBy(() -> DebReader.read(dir.resolve("absent.deb"))).isInstanceOf(NoSuchFileException.class);
    }

    private DebFormatException assertFails(Path file, Reason reason, String problem) {
        DebFormatException[] caught = new DebFormatException[1];
        assertThatThrownBy(() -> DebReader.read(file))
                .isInstanceOfSatisfying(DebFormatException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.getMessage()).startsWith(file + ": ").contains(problem);
                    caught[0] = e;
                });
        return caught[0];
    }

    private interface Parse {
        void run() throws Exception;
    }

    private static String messageOf(Parse parse) {
        try {
            parse.run();
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the parse to fail");
    }

    private static String controlMemberFor(String compression) {
        switch (compression) {
            case "gzip":
                return "control.tar.gz";
            case "xz":
                return "control.tar.xz";
            case "zstd":
                return "control.tar.zst";
            default:
                return "control.tar";
        }
    }

    /** A package built by the real dpkg-deb, with one payload file of {@code payloadBytes} random bytes. */
    private Path build(String control, String compression, boolean nocheck, int payloadBytes) throws Exception {
        Path root = Files.createTempDirectory(dir, "root");
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"), control);
        Path doc = Files.createDirectories(root.resolve("usr/share/speedy-app"));
        byte[] payload = new byte[payloadBytes];
        new Random(42).nextBytes(payload);
        Files.write(doc.resolve("payload.bin"), payload);
        Path deb = dir.resolve(root.getFileName() + ".deb");
        List<String> command = new ArrayList<>(List.of("dpkg-deb", "--root-owner-group", "-Z" + compression));
        if (nocheck) {
            command.add("--nocheck");
        }
        command.addAll(List.of("--build", root.toString(), deb.toString()));
        run(dir, command.toArray(String[]::new));
        return deb;
    }

    private static List<String> arMembers(Path deb) throws Exception {
        return List.of(run(deb.getParent(), "ar", "t", deb.toString()).split("\n"));
    }

    private static String digestTool(String tool, Path file) throws Exception {
        return run(file.getParent(), tool, file.toString()).split(" ")[0];
    }

    private static String run(Path workDir, String... command) throws IOException, InterruptedException {
        ProcessResult result = LocalCommand.of(command).inDirectory(workDir)
                // Reproducible timestamps inside the built packages.
                .withEnvironment(Map.of("SOURCE_DATE_EPOCH", "1700000000")).withStderrMerged().run();
        assertThat(result.exitStatus()).as("%s failed: %s", String.join(" ", command), result.stdoutText()).isZero();
        return result.stdoutText();
    }
}
