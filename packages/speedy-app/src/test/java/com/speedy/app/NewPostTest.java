package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NewPostTest {
    @Test
    void lowerCasesAndDeduplicatesTags() throws Exception {
        NewPost post = NewPost.of(" ana ", "hello", List.of("Java", "java", " debian "));

        assertThat(post.author()).isEqualTo("ana");
        assertThat(post.tags()).containsExactly("java", "debian");
    }

    @Test
    void rejectsEachBadFieldByName() {
        assertThatThrownBy(() -> NewPost.of("", "x", List.of())).hasFieldOrPropertyWithValue("field", "author");
        assertThatThrownBy(() -> NewPost.of("a", " ", List.of())).hasFieldOrPropertyWithValue("field", "body");
        assertThatThrownBy(() -> NewPost.of("a", "x", List.of("no spaces"))).hasFieldOrPropertyWithValue("field", "tags");
        assertThatThrownBy(() -> NewPost.of("a", "x", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")))
                .hasMessage("at most 10 tags");
    }
}
