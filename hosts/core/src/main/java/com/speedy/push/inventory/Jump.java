package com.speedy.push.inventory;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an inventory's {@code jump} says, before the hosts it may name are built: {@code none}, a host of the
 * inventory, or a machine outside it as {@code [USER@]ADDRESS[:PORT]}.
 */
sealed interface Jump {
    String EXPECTED = "none, a host of the inventory, or [USER@]ADDRESS[:PORT] such as deploy@bastion.example:22";

    /** Push connects directly. */
    record Direct() implements Jump {}

    /** Through a host of the inventory, as push logs in to it. */
    record ToHost(HostName host) implements Jump {}

    /** Through a machine outside the inventory; with no user, as the host's own login user. */
    record ToAddress(Optional<String> user, String address, int port) implements Jump {}

    /**
     * A bare word is a host of the inventory; an address outside it has a dot, a user or a port, so that a misspelt
     * host name is not taken for a DNS name.
     */
    static Jump parse(String text, Set<HostName> hosts) throws InvalidJumpException {
        if (text.equals("none")) {
            return new Direct();
        }
        Matcher m = Syntax.FORM.matcher(text);
        if (!m.matches()) {
            throw new InvalidJumpException(text, "'" + text + "' is not " + EXPECTED);
        }
        Optional<String> user = Optional.ofNullable(m.group(1));
        String address = m.group(2);
        Optional<String> port = Optional.ofNullable(m.group(3));
        if (user.isEmpty() && port.isEmpty()) {
            Optional<HostName> host = hosts.stream().filter(h -> h.toString().equals(address)).findFirst();
            if (host.isPresent()) {
                return new ToHost(host.get());
            }
            if (!address.contains(".")) {
                throw new InvalidJumpException(text, "'" + text + "' is no host of the inventory; for a machine"
                        + " outside it, write its user or a DNS name or IP address with dots, e.g. deploy@" + text);
            }
        }
        if (user.isPresent() && !Conversions.USER.matcher(user.get()).matches()) {
            throw new InvalidJumpException(text, "'" + user.get() + "' in '" + text + "' is not a user name");
        }
        int number = port.map(p -> p.length() > 5 ? -1 : Integer.parseInt(p)).orElse(22);
        if (number < 1 || number > 65535) {
            throw new InvalidJumpException(text, "'" + port.orElseThrow() + "' in '" + text
                    + "' is not a port number (1 to 65535)");
        }
        return new ToAddress(user, address, number);
    }

    /** The pattern, apart: an interface's fields are public. */
    final class Syntax {
        static final Pattern FORM = Pattern.compile("(?:([^@]+)@)?([A-Za-z0-9][A-Za-z0-9.-]*)(?::([0-9]+))?");

        private Syntax() {}
    }

    /** A {@code jump} value that is none of the three forms; carries the text. */
    final class InvalidJumpException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String text;

        InvalidJumpException(String text, String message) {
            super(message);
            this.text = text;
        }

        String text() {
            return text;
        }
    }
}
