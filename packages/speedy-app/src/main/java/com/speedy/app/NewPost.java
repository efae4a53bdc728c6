package com.speedy.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A post as a client submits it, checked before it reaches the database. */
public record NewPost(String author, String body, List<String> tags) {
    static final int MAX_AUTHOR = 100;
    static final int MAX_BODY = 10_000;
    static final int MAX_TAGS = 10;
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,49}");

    /** Thrown for a field a client got wrong; the API answers 400 naming the field. */
    public static final class InvalidPost extends Exception {
        private static final long serialVersionUID = 1L;
        private final String field;

        InvalidPost(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Checks every field; tags are lower-cased and de-duplicated. */
    public static NewPost of(String author, String body, List<String> tags) throws InvalidPost {
        if (author == null || author.isBlank() || author.length() > MAX_AUTHOR) {
            throw new InvalidPost("author", "author is required, at most " + MAX_AUTHOR + " characters");
        }
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw new InvalidPost("body", "body is required, at most " + MAX_BODY + " characters");
        }
        List<String> clean = new ArrayList<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            String t = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
            if (!TAG.matcher(t).matches()) {
                throw new InvalidPost("tags", "tag \"" + tag + "\" is not 1-50 letters, digits or '-'");
            }
            if (!clean.contains(t)) {
                clean.add(t);
            }
        }
        if (clean.size() > MAX_TAGS) {
            throw new InvalidPost("tags", "at most " + MAX_TAGS + " tags");
        }
        return new NewPost(author.strip(), body, List.copyOf(clean));
    }
}
