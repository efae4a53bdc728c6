package com.speedy.process;

import java.util.List;

/** Words that mean something to a shell, for tests that send an argv through one (here and over ssh in push). */
public final class AwkwardWords {
    public static final List<String> ALL = List.of("plain", "two words", "it's", "'", "''", "\"double\"", "$HOME",
            "${PATH}", "$(id -u)", "`id`", "a;b", "a && b", "line one\nline two", "\ttab", "*", "~", "-n", "\\", "",
            "üñï €", "!", "#comment", "a|b", ">out");

    private AwkwardWords() {}
}
