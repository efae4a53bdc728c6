package com.speedy.repo.index;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * A {@code .xz} index: one xz stream holding one block per chunk. Blocks are independent (each starts with a fresh
 * dictionary), which is what lets xz itself decompress in parallel; here it lets each chunk be compressed on its own
 * core and a chunk that was in the previous file keep its block byte for byte. The stream's header, index and footer
 * (the .xz file format, sections 2.1 and 4) are written here; the blocks come from xz-java.
 */
public final class XzBlocks {
    /** One block: its bytes with their padding, and the sizes that the stream's index records. */
    public record Block(byte[] bytes, long unpaddedSize, long uncompressedSize) {}

    private static final byte[] MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    private static final byte[] FOOTER_MAGIC = {'Y', 'Z'};
    /** Stream flags: the check type. CRC-32 rather than xz's default CRC-64: the JVM computes it at memory speed. */
    private static final byte[] FLAGS = {0, XZ.CHECK_CRC32};
    private static final int HEADER = 12;
    private static final int FOOTER = 12;
    private static final int CHECK = 4;
    // Preset 1: several times faster than xz's default 6 on an index, and only a little larger.
    private static final int PRESET = 1;

    private final ChunkMap<Block> previous;

    private XzBlocks(ChunkMap<Block> previous) {
        this.previous = previous;
    }

    /**
     * Takes over the blocks of the previous file, given with the text it compresses. A block is taken only if its
     * CRC-32 matches that stretch of the text; a file of another shape gives nothing to reuse.
     */
    public static XzBlocks reusing(byte[] previousFile, byte[] previousText) {
        List<Block> blocks = parse(previousFile);
        ChunkMap<Block> byContent = new ChunkMap<>();
        long total = blocks.stream().mapToLong(Block::uncompressedSize).sum();
        if (total != previousText.length) {
            return new XzBlocks(byContent);
        }
        int offset = 0;
        for (Block block : blocks) {
            int length = (int) block.uncompressedSize();
            int crc32 = ChunkMap.crc32(previousText, offset, length);
            // A block ends with its padding and then its check (the .xz format, section 3).
            int check = ByteBuffer.wrap(block.bytes(), block.bytes().length - CHECK, CHECK)
                    .order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (check == crc32) {
                byContent.put(Arrays.copyOfRange(previousText, offset, offset + length), crc32, block);
            }
            offset += length;
        }
        return new XzBlocks(byContent);
    }

    /** The block for one chunk: the previous file's, or newly compressed. */
    public Block block(byte[] chunk) {
        Block reused = previous.get(chunk);
        if (reused != null) {
            return reused;
        }
        LZMA2Options options = new LZMA2Options();
        try {
            options.setPreset(PRESET);
            // A dictionary larger than the chunk buys nothing and costs an allocation per chunk.
            options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(options.getDictSize(), chunk.length)));
        } catch (org.tukaani.xz.UnsupportedOptionsException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length / 3 + 128);
        try (XZOutputStream xz = new XZOutputStream(out, options, XZ.CHECK_CRC32, BasicArrayCache.getInstance())) {
            xz.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = parse(out.toByteArray());
        if (blocks.size() != 1) {
            throw new IllegalStateException("xz-java wrote " + blocks.size() + " blocks for one chunk");
        }
        return blocks.get(0);
    }

    /** One stream of the blocks, in order. */
    public static byte[] join(List<Block> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(FLAGS);
        out.writeBytes(crc32(FLAGS, 0, FLAGS.length));
        blocks.forEach(b -> out.writeBytes(b.bytes()));

        ByteArrayOutputStream index = new ByteArrayOutputStream();
        index.write(0); // the index indicator
        writeVarint(index, blocks.size());
        for (Block b : blocks) {
            writeVarint(index, b.unpaddedSize());
            writeVarint(index, b.uncompressedSize());
        }
        while (index.size() % 4 != 0) {
            index.write(0);
        }
        byte[] indexBytes = index.toByteArray();
        out.writeBytes(indexBytes);
        out.writeBytes(crc32(indexBytes, 0, indexBytes.length));

        byte[] tail = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((indexBytes.length + 4) / 4 - 1).put(FLAGS).array();
        out.writeBytes(crc32(tail, 0, tail.length));
        out.writeBytes(tail);
        out.writeBytes(FOOTER_MAGIC);
        return out.toByteArray();
    }

    /** The blocks of a single-stream .xz file with CRC-32 checks; empty if it is anything else. */
    static List<Block> parse(byte[] file) {
        if (file.length < HEADER + FOOTER || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || !Arrays.equals(file, MAGIC.length, MAGIC.length + 2, FLAGS, 0, 2)
                || !Arrays.equals(file, file.length - 2, file.length, FOOTER_MAGIC, 0, 2)
                || !Arrays.equals(file, file.length - 4, file.length - 2, FLAGS, 0, 2)) {
            return List.of();
        }
        long indexSize = (ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() + 1L) * 4;
        int indexStart = (int) (file.length - FOOTER - indexSize);
        if (indexStart < HEADER || file[indexStart] != 0) {
            return List.of();
        }
        int[] pos = {indexStart + 1};
        long count = readVarint(file, pos);
        List<Block> blocks = new ArrayList<>();
        int blockStart = HEADER;
        for (long i = 0; i < count; i++) {
            long unpadded = readVarint(file, pos);
            long uncompressed = readVarint(file, pos);
            int padded = (int) ((unpadded + 3) & ~3L);
            if (unpadded <= CHECK || uncompressed < 0 || blockStart + padded > indexStart || uncompressed > Integer.MAX_VALUE) {
                return List.of();
            }
            blocks.add(new Block(Arrays.copyOfRange(file, blockStart, blockStart + padded), unpadded, uncompressed));
            blockStart += padded;
        }
        return blockStart == indexStart ? blocks : List.of();
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while (value >= 0x80) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarint(byte[] in, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 63 && pos[0] < in.length; shift += 7) {
            int b = in[pos[0]++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        return -1;
    }

    private static byte[] crc32(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array();
    }
}
