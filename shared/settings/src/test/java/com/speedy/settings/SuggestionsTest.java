package com.speedy.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void suggestsTheClosestCandidateWithinTwoEdits() {
        assertThat(Suggestions.closest("adress", List.of("port", "address", "groups"))).contains("address");
        assertThat(Suggestions.closest("db.hots", Set.of("db.host", "db.port", "db.name"))).contains("db.host");
        assertThat(Suggestions.closest("environment", List.of("environments", "environment"))).contains("environment");
    }

    @Test
    void suggestsNothingWhenEveryCandidateIsFarOff() {
        assertThat(Suggestions.closest("packages", List.of("address", "port"))).isEmpty();
        assertThat(Suggestions.closest("x", List.of())).isEmpty();
        assertThat(Suggestions.closest("web", List.of("db", "app"))).as("two edits of three letters").isEmpty();
    }

    @Test
    void ofEquallyCloseCandidatesTheAlphabeticallyFirstIsSuggested() {
        assertThat(Suggestions.closest("app3", Set.of("app2", "app1"))).contains("app1");
    }
}
