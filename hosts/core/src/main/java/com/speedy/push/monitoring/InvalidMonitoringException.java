package com.speedy.push.monitoring;

/** The inventory cannot make the monitoring server's configuration: the message says what is missing where. */
public final class InvalidMonitoringException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidMonitoringException(String message) {
        super(message);
    }
}
