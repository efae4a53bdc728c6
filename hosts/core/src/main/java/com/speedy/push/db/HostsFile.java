package com.speedy.push.db;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A host's {@code /etc/hosts} with the {@code db} alias, and {@code db-ro} beside it, in a block that push owns,
 * between marker lines. Every byte outside the block stays as it was: the file is the host's, the block is push's.
 */
public final class HostsFile {
    static final String BEGIN = "# BEGIN speedy db alias: managed by push (push db alias set), edit outside this block";
    static final String END = "# END speedy db alias";
    /** The name the services connect to: {@code db.host}'s default in their conffiles. */
    public static final String ALIAS = "db";
    /**
     * The name the services send read-only queries to ({@code db.read-host}'s default): the standby while it streams,
     * else the primary, so that it always names a server that answers.
     */
    public static final String READ_ONLY_ALIAS = "db-ro";
    /** An IPv4 address, or an IPv6 one (which has a colon: a name like "db2" is all hex digits). */
    private static final Pattern IP = Pattern.compile("([0-9]{1,3}\\.){3}[0-9]{1,3}|[0-9a-fA-F.]*:[0-9a-fA-F:.]*");

    private final String text;

    private HostsFile(String text) {
        this.text = Objects.requireNonNull(text, "text");
    }

    public static HostsFile of(String text) {
        return new HostsFile(text);
    }

    public String text() {
        return text;
    }

    /** The address the block gives {@code db}, if the file has the block. */
    public Optional<String> alias() {
        return address(ALIAS);
    }

    /** The address the block gives {@code db-ro}; a block that push wrote before db-ro existed has none. */
    public Optional<String> readOnlyAlias() {
        return address(READ_ONLY_ALIAS);
    }

    private Optional<String> address(String name) {
        int begin = blockStart();
        if (begin < 0) {
            return Optional.empty();
        }
        int end = text.indexOf(END, begin);
        for (String line : text.substring(begin, end < 0 ? text.length() : end).split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 2 && fields[1].equals(name)) {
                return Optional.of(fields[0]);
            }
        }
        return Optional.empty();
    }

    /** The file with both {@code db} and {@code db-ro} pointing at {@code address}: a single database server. */
    public HostsFile withAlias(String address) {
        return withAliases(address, address);
    }

    /**
     * The file with {@code db} pointing at {@code primary} and {@code db-ro} at {@code readOnly}: the block replaced
     * where it is, or appended at the end (after a newline if the file lacks its last one). Applied twice, the second
     * changes nothing.
     */
    public HostsFile withAliases(String primary, String readOnly) {
        for (String address : new String[] {primary, readOnly}) {
            if (!IP.matcher(address).matches()) {
                throw new IllegalArgumentException("not an IP address: '" + address + "'");
            }
        }
        String block = BEGIN + "\n" + primary + "\t" + ALIAS + "\n" + readOnly + "\t" + READ_ONLY_ALIAS + "\n" + END
                + "\n";
        int begin = blockStart();
        if (begin < 0) {
            String body = text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
            return new HostsFile(body + block);
        }
        int end = text.indexOf(END, begin);
        if (end < 0) {
            throw new IllegalStateException("the file has '" + BEGIN + "' but no '" + END + "' after it: fix it by hand");
        }
        int afterEnd = text.indexOf('\n', end);
        String after = afterEnd < 0 ? "" : text.substring(afterEnd + 1);
        return new HostsFile(text.substring(0, begin) + block + after);
    }

    private int blockStart() {
        if (text.startsWith(BEGIN)) {
            return 0;
        }
        int at = text.indexOf("\n" + BEGIN);
        return at < 0 ? -1 : at + 1;
    }
}
