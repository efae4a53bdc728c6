package com.speedy.repo.publish;

/** Why a repository operation refused to run; the repository is left exactly as it was. */
public class PublishException extends Exception {
    private static final long serialVersionUID = 1L;

    public PublishException(String message) {
        super(message);
    }

    /** Every problem found, one line each (each naming its file); one problem is the message alone. */
    static PublishException refusing(java.util.List<String> problems) {
        return new PublishException(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems, nothing changed:\n" + String.join("\n", problems));
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
