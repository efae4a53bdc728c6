package com.speedy.repo.publish;

import com.speedy.repo.index.GzipMembers;
import com.speedy.repo.index.IndexChunks;
import com.speedy.repo.index.XzBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The three files of one architecture's index, {@code Packages}, {@code Packages.gz} and {@code Packages.xz}. The
 * compressed ones are built chunk by chunk ({@link IndexChunks}) on every core, and the chunks that the previous
 * files in the same folder already held are taken over, so one more package in a suite of 10,000 compresses one chunk.
 */
record PackagesFiles(byte[] plain, byte[] gz, byte[] xz) {
    static PackagesFiles of(byte[] packages, Path previousDir) throws IOException, PublishException {
        byte[] previousPlain = readIfExists(previousDir.resolve("Packages"));
        GzipMembers gz = GzipMembers.reusing(readIfExists(previousDir.resolve("Packages.gz")));
        XzBlocks xz = XzBlocks.reusing(readIfExists(previousDir.resolve("Packages.xz")), previousPlain);
        List<byte[]> chunks = IndexChunks.split(packages);
        List<byte[]> members = Parallel.map(Parallel.CPU, chunks, gz::member);
        List<XzBlocks.Block> blocks = Parallel.map(Parallel.CPU, chunks, xz::block);
        return new PackagesFiles(packages, GzipMembers.join(members), XzBlocks.join(blocks));
    }

    private static byte[] readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }
}
