package com.speedy.push.inventory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The monitoring setup: which host is the Munin and Nagios server that the other hosts let in, and whom Nagios tells
 * when a host or service goes bad.
 */
public record Monitoring(HostName server, Contacts contacts) {
    public Monitoring {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(contacts, "contacts");
    }

    /**
     * Who gets Nagios's alerts: e-mail addresses (sent through the monitoring server's MTA), and a command run on the
     * monitoring server with the alert's text on its standard input (a chat webhook's script, say).
     */
    public record Contacts(List<String> emails, Optional<String> command) {
        /** An address as a mail command takes it safely: no spaces, quotes or shell characters. */
        public static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+");
        /** An absolute program path, then plain words: Nagios runs it through a shell, so nothing it would expand. */
        public static final Pattern COMMAND = Pattern.compile("/[A-Za-z0-9._/-]+( [A-Za-z0-9._/:=@%+,-]+)*");
        public static final Contacts NONE = new Contacts(List.of(), Optional.empty());

        public Contacts {
            emails = List.copyOf(emails);
            Objects.requireNonNull(command, "command");
        }

        public boolean isEmpty() {
            return emails.isEmpty() && command.isEmpty();
        }
    }
}
