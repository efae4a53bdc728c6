package com.speedy.repo.deb;

import com.speedy.debian.Architecture;
import com.speedy.debian.ControlParagraph;
import com.speedy.debian.ControlSyntaxException;
import com.speedy.debian.DebianVersion;
import com.speedy.debian.InvalidArchitectureException;
import com.speedy.debian.InvalidPackageNameException;
import com.speedy.debian.InvalidVersionException;
import com.speedy.debian.PackageName;
import com.speedy.repo.deb.DebFormatException.Reason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.XZInputStream;

/**
 * Reads what the repository indexes from a .deb in a single pass over the file: the same bytes that are parsed as an
 * ar archive are fed to MD5, SHA-1 and SHA-256, and the data member is read only to digest it. Publishing thousands of
 * packages, or large ones, must not read any file twice.
 */
public final class DebReader {
    // Large enough that big packages are read in few system calls, yet small files get a buffer of their own size:
    // allocating 1 MiB for each of 10,000 tiny packages would cost more than reading them.
    static final int MAX_BUFFER = 1 << 20;
    private static final int MIN_BUFFER = 8192;
    private static final byte[] AR_MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FORMAT_2_0 = "2.0\n".getBytes(StandardCharsets.US_ASCII);
    private static final int AR_HEADER = 60;
    // Real control files are a few KiB; the limit only stops a hostile file from exhausting memory.
    private static final int MAX_CONTROL_FILE = 16 << 20;
    // xz allocates the dictionary its header asks for: cap it (a hostile header could ask for 4 GiB).
    private static final int XZ_MEMORY_LIMIT_KIB = 256 << 10;

    private DebReader() {
    }

    /**
     * Reads one .deb.
     *
     * @throws DebFormatException if the file is not a well-formed binary package
     * @throws IOException if the file cannot be read at all
     */
    public static DebPackage read(Path file) throws IOException, DebFormatException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int bufferSize = (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, size));
            DigestingInputStream raw = new DigestingInputStream(Channels.newInputStream(channel), bufferSize);
            return new Pass(file, size, raw, bufferSize).run();
        }
    }

    /** The state of reading one file. */
    private static final class Pass {
        private final Path file;
        private final long size;
        private final DigestingInputStream raw;
        private final ArArchiveInputStream ar;
        private final byte[] scratch;

        Pass(Path file, long size, DigestingInputStream raw, int bufferSize) {
            this.file = file;
            this.size = size;
            this.raw = raw;
            this.ar = new ArArchiveInputStream(raw);
            this.scratch = new byte[bufferSize];
        }

        DebPackage run() throws IOException, DebFormatException {
            if (!raw.startsWith(AR_MAGIC)) {
                throw fail(Reason.NOT_A_DEB, "not a .deb: the file is not an ar archive");
            }
            ArArchiveEntry entry = nextMember();
            if (entry == null || !entry.getName().equals("debian-binary")) {
                throw fail(Reason.NOT_A_DEB, "not a .deb: the first ar member is "
                        + (entry == null ? "missing" : "'" + entry.getName() + "'") + ", not 'debian-binary'");
            }
            checkFormatVersion(entry);

            ControlParagraph control = null;
            Identity identity = null;
            boolean data = false;
            while ((entry = nextMember()) != null) {
                String name = entry.getName();
                if (name.startsWith("control.tar")) {
                    if (control != null) {
                        throw fail(Reason.CORRUPT, "second control member '" + name + "'");
                    }
                    control = readControlMember(entry);
                    // Validate before reading a possibly large data member for nothing.
                    identity = identify(control);
                } else if (name.startsWith("data.tar")) {
                    if (control == null) {
                        throw fail(Reason.NO_CONTROL_MEMBER,
                                "no control.tar member before the data member '" + name + "'");
                    }
                    skipMember(entry);
                    data = true;
                } else {
                    // dpkg allows extra members (named with a leading '_') and ignores them; so do we.
                    skipMember(entry);
                }
            }
            if (control == null) {
                throw fail(Reason.NO_CONTROL_MEMBER, "no control.tar member");
            }
            if (!data) {
                throw fail(Reason.NO_DATA_MEMBER, "no data.tar member");
            }
            raw.drain();
            if (raw.digested() != size) {
                throw new IOException(file + ": the file changed while it was read (" + size + " bytes when opened, "
                        + raw.digested() + " read)");
            }
            return new DebPackage(control, identity.name, identity.version, identity.architecture, size, raw.md5(),
                    raw.sha1(), raw.sha256());
        }

        /** The next ar member header, checking up front that the member's declared length fits in the file. */
        private ArArchiveEntry nextMember() throws IOException, DebFormatException {
            ArArchiveEntry entry;
            try {
                entry = ar.getNextArEntry();
            } catch (DigestingInputStream.FileReadException e) {
                throw e;
            } catch (IOException | IllegalArgumentException e) {
                if (raw.position() >= size) {
                    throw fail(Reason.TRUNCATED, "truncated: the file ends inside an ar member header", e);
                }
                throw fail(Reason.CORRUPT, "damaged ar member header before offset " + raw.position() + ": "
                        + e.getMessage(), e);
            }
            if (entry != null) {
                long remaining = size - raw.position();
                if (entry.getLength() > remaining) {
                    throw fail(Reason.TRUNCATED, "truncated: the file ends inside ar member '" + entry.getName()
                            + "', which declares " + entry.getLength() + " bytes but only " + remaining
                            + " remain");
                }
            }
            return entry;
        }

        private void checkFormatVersion(ArArchiveEntry entry) throws IOException, DebFormatException {
            MemberStream member = new MemberStream(ar);
            byte[] content = member.readNBytes(16);
            member.drain(scratch);
            if (!Arrays.equals(content, FORMAT_2_0)) {
                String shown = new String(content, StandardCharsets.US_ASCII).replace("\n", "\\n");
                throw fail(Reason.UNSUPPORTED_FORMAT,
                        "unsupported .deb format: debian-binary holds '" + shown + "', expected '2.0\\n'");
            }
            checkComplete(entry, member);
        }

        private ControlParagraph readControlMember(ArArchiveEntry entry) throws IOException, DebFormatException {
            String name = entry.getName();
            MemberStream member = new MemberStream(ar);
            byte[] controlFile = null;
            try (InputStream decompressed = decompressor(name, member)) {
                TarArchiveInputStream tar = new TarArchiveInputStream(decompressed);
                TarArchiveEntry file;
                while ((file = tar.getNextEntry()) != null) {
                    if (file.getName().equals("./control") || file.getName().equals("control")) {
                        if (!file.isFile()) {
                            throw fail(Reason.NO_CONTROL_FILE, "'" + file.getName() + "' in member '" + name
                                    + "' is not a regular file");
                        }
                        controlFile = tar.readNBytes(MAX_CONTROL_FILE + 1);
                        if (controlFile.length > MAX_CONTROL_FILE) {
                            throw fail(Reason.INVALID_CONTROL, "control file is larger than " + MAX_CONTROL_FILE
                                    + " bytes");
                        }
                    }
                }
                // Read the compressed stream to its end: only there do gzip and xz check their checksums.
                decompressed.transferTo(OutputStream.nullOutputStream());
            } catch (DigestingInputStream.FileReadException e) {
                throw e;
            } catch (IOException | IllegalArgumentException e) {
                throw fail(Reason.CORRUPT, "damaged control member '" + name + "': " + e.getMessage(), e);
            }
            member.drain(scratch);
            checkComplete(entry, member);
            if (controlFile == null) {
                throw fail(Reason.NO_CONTROL_FILE, "member '" + name + "' has no ./control file");
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(controlFile))
                        .toString();
            } catch (CharacterCodingException e) {
                throw fail(Reason.INVALID_CONTROL, "control file is not valid UTF-8", e);
            }
            try {
                return ControlParagraph.parse(text);
            } catch (ControlSyntaxException e) {
                throw fail(Reason.INVALID_CONTROL, "control file: " + e.getMessage(), e);
            }
        }

        private InputStream decompressor(String memberName, InputStream member)
                throws IOException, DebFormatException {
            switch (memberName) {
                case "control.tar":
                    return member;
                case "control.tar.gz":
                    return new GzipCompressorInputStream(member);
                case "control.tar.xz":
                    // dpkg-deb's default. Each stream allocates an 8 MiB dictionary even for a 500-byte control.tar,
                    // which made small packages six times slower to read; the cache lets one pass reuse the last.
                    return new XZInputStream(member, XZ_MEMORY_LIMIT_KIB, true, BasicArrayCache.getInstance());
                case "control.tar.zst":
                    return new ZstdCompressorInputStream(member);
                default:
                    throw fail(Reason.UNSUPPORTED_FORMAT, "unsupported control member '" + memberName
                            + "' (expected control.tar with no compression, .gz, .xz or .zst)");
            }
        }

        private void skipMember(ArArchiveEntry entry) throws IOException, DebFormatException {
            MemberStream member = new MemberStream(ar);
            member.drain(scratch);
            checkComplete(entry, member);
        }

        /** Catches a file that shrank after {@link #nextMember()} checked its length. */
        private void checkComplete(ArArchiveEntry entry, MemberStream member) throws DebFormatException {
            if (member.count < entry.getLength()) {
                throw fail(Reason.TRUNCATED, "truncated: the file ends inside ar member '" + entry.getName()
                        + "' after " + member.count + " of its " + entry.getLength() + " bytes");
            }
        }

        private Identity identify(ControlParagraph control) throws DebFormatException {
            String packageField = required(control, "Package");
            String versionField = required(control, "Version");
            String architectureField = required(control, "Architecture");
            PackageName name;
            try {
                name = PackageName.parse(packageField);
            } catch (InvalidPackageNameException e) {
                throw fail(Reason.INVALID_PACKAGE_NAME, e.getMessage(), e);
            }
            DebianVersion version;
            try {
                version = DebianVersion.parse(versionField);
            } catch (InvalidVersionException e) {
                throw fail(Reason.INVALID_VERSION, e.getMessage(), e);
            }
            Architecture architecture;
            try {
                architecture = Architecture.parse(architectureField);
            } catch (InvalidArchitectureException e) {
                throw fail(Reason.INVALID_ARCHITECTURE, e.getMessage(), e);
            }
            return new Identity(name, version, architecture);
        }

        private String required(ControlParagraph control, String field) throws DebFormatException {
            return control.get(field).orElseThrow(() -> DebFormatException.missingField(file, field));
        }

        private DebFormatException fail(Reason reason, String problem) {
            return new DebFormatException(file, reason, problem);
        }

        private DebFormatException fail(Reason reason, String problem, Throwable cause) {
            return new DebFormatException(file, reason, problem, cause);
        }
    }

    private static final class Identity {
        final PackageName name;
        final DebianVersion version;
        final Architecture architecture;

        Identity(PackageName name, DebianVersion version, Architecture architecture) {
            this.name = name;
            this.version = version;
            this.architecture = architecture;
        }
    }

    /**
     * The current ar member's bytes, counted so a short member is noticed; closing it leaves the archive open, so the
     * decompressors (zstd holds native memory) can be closed without ending the pass.
     */
    private static final class MemberStream extends FilterInputStream {
        long count;

        MemberStream(InputStream member) {
            super(member);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Through read(), so the count stays right and skipped bytes are digested.
            byte[] buffer = new byte[(int) Math.min(n, MIN_BUFFER)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        void drain(byte[] scratch) throws IOException {
            while (read(scratch, 0, scratch.length) >= 0) {
                // reading is the point: the digests see every byte
            }
        }

        @Override
        public void close() {
            // the archive stays open for the next member
        }
    }
}
