package com.speedy.repo.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/** The chunked .gz and .xz indexes: readable by the real gzip and xz, and an unchanged chunk keeps its bytes. */
class ChunkedCompressionTest {
    @TempDir
    Path dir;

    /** A Packages text of {@code count} stanzas, one of them left out. */
    private static byte[] packages(int count, int leftOut) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i == leftOut) {
                continue;
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append("Package: pkg").append(i).append("\nVersion: 1.0-1\nArchitecture: all\n")
                    .append("Description: package number ").append(i).append("\n long text ").append(i * 7919)
                    .append("\nFilename: pool/main/p/pkg").append(i).append("/pkg").append(i).append("_1.0-1_all.deb\n")
                    .append("SHA256: ").append(String.format("%064x", (long) i * 2654435761L)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void chunksEndAtStanzaBoundariesAndJoinToTheText() {
        byte[] text = packages(5000, -1);
        List<byte[]> chunks = IndexChunks.split(text);

        assertThat(chunks.size()).isGreaterThan(5);
        assertThat(concat(chunks)).isEqualTo(text);
        for (byte[] chunk : chunks.subList(1, chunks.size())) {
            assertThat(new String(chunk, 0, 8, StandardCharsets.UTF_8)).isEqualTo("Package:");
            assertThat(chunk.length).isLessThanOrEqualTo(IndexChunks.MAX_CHUNK + 1024);
        }
    }

    @Test
    void aSmallIndexIsOneChunkAndAnEmptyOneIsOneEmptyChunk() {
        assertThat(IndexChunks.split(packages(3, -1))).hasSize(1);
        assertThat(IndexChunks.split(new byte[0])).singleElement().satisfies(c -> assertThat(c).isEmpty());
    }

    @Test
    void addingOneStanzaChangesOnlyTheChunkThatHoldsIt() {
        List<byte[]> before = IndexChunks.split(packages(5000, 2500));
        List<byte[]> after = IndexChunks.split(packages(5000, -1));

        long changed = after.stream().filter(c -> before.stream().noneMatch(b -> Arrays.equals(b, c))).count();
        assertThat(changed).isEqualTo(1);
    }

    @Test
    void theRealGzipAndXzReadTheChunkedFiles() throws Exception {
        byte[] text = packages(5000, -1);
        List<byte[]> chunks = IndexChunks.split(text);
        GzipMembers gz = GzipMembers.reusing(new byte[0]);
        XzBlocks xz = XzBlocks.reusing(new byte[0], new byte[0]);
        byte[] gzFile = GzipMembers.join(chunks.stream().map(gz::member).toList());
        byte[] xzFile = XzBlocks.join(chunks.stream().map(xz::block).toList());

        assertThat(run(gzFile, "gzip", "-dc")).isEqualTo(text);
        assertThat(run(xzFile, "xz", "-dc")).isEqualTo(text);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gzFile)).readAllBytes()).isEqualTo(text);
        assertThat(new XZInputStream(new ByteArrayInputStream(xzFile)).readAllBytes()).isEqualTo(text);
        Path listed = Files.write(dir.resolve("Packages.xz"), xzFile);
        assertThat(new String(run(new byte[0], "xz", "--robot", "--list", listed.toString()), StandardCharsets.UTF_8))
                .contains("\tCRC32\t").containsPattern("(?m)^file\t1\t" + chunks.size() + "\t");
    }

    @Test
    void oneMoreStanzaCompressesOneChunkAndTakesOverEveryOtherByteForByte() throws Exception {
        byte[] oldText = packages(5000, 2500);
        List<byte[]> oldChunks = IndexChunks.split(oldText);
        List<byte[]> oldMembers = oldChunks.stream().map(GzipMembers.reusing(new byte[0])::member).toList();
        List<XzBlocks.Block> oldBlocks = oldChunks.stream().map(XzBlocks.reusing(new byte[0], new byte[0])::block).toList();

        byte[] newText = packages(5000, -1);
        List<byte[]> chunks = IndexChunks.split(newText);
        GzipMembers gz = GzipMembers.reusing(GzipMembers.join(oldMembers));
        XzBlocks xz = XzBlocks.reusing(XzBlocks.join(oldBlocks), oldText);
        List<byte[]> members = chunks.stream().map(gz::member).toList();
        List<XzBlocks.Block> blocks = chunks.stream().map(xz::block).toList();

        assertThat(members.stream().filter(m -> oldMembers.stream().noneMatch(o -> Arrays.equals(o, m)))).hasSize(1);
        assertThat(blocks.stream().filter(b -> oldBlocks.stream().noneMatch(o -> Arrays.equals(o.bytes(), b.bytes()))))
                .hasSize(1);
        assertThat(run(GzipMembers.join(members), "gzip", "-dc")).isEqualTo(newText);
        assertThat(run(XzBlocks.join(blocks), "xz", "-dc")).isEqualTo(newText);
    }

    @Test
    void aPreviousBlockWhoseCheckDoesNotMatchTheTextIsNotTakenOver() throws Exception {
        byte[] text = packages(5000, -1);
        List<byte[]> chunks = IndexChunks.split(text);
        byte[] xzFile = XzBlocks.join(chunks.stream().map(XzBlocks.reusing(new byte[0], new byte[0])::block).toList());
        byte[] otherText = text.clone();
        otherText[10] ^= 1; // the previous Packages no longer matches its .xz in the first chunk

        XzBlocks xz = XzBlocks.reusing(xzFile, otherText);
        byte[] rebuilt = XzBlocks.join(IndexChunks.split(otherText).stream().map(xz::block).toList());

        assertThat(run(rebuilt, "xz", "-dc")).isEqualTo(otherText);
    }

    @Test
    void filesOfAnotherShapeGiveNothingToReuseAndNoError() throws Exception {
        byte[] text = packages(100, -1);
        byte[] foreignXz = run(text, "xz", "-9", "-c");
        byte[] foreignGz = run(text, "gzip", "-9", "-n", "-c");

        assertThat(XzBlocks.reusing(foreignXz, text).block(text).bytes()).isNotEmpty();
        assertThat(XzBlocks.reusing("not xz".getBytes(StandardCharsets.UTF_8), text).block(text).bytes()).isNotEmpty();
        assertThat(run(GzipMembers.reusing(foreignGz).member(text), "gzip", "-dc")).isEqualTo(text);
        assertThat(run(GzipMembers.reusing(Arrays.copyOf(foreignGz, 40)).member(text), "gzip", "-dc")).isEqualTo(text);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private byte[] run(byte[] input, String... argv) throws IOException, InterruptedException {
        return LocalCommand.of(argv).withStdin(input).run().orThrow().stdout();
    }
}
