package com.speedy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolDocsTest {
    @TempDir
    Path out;

    @Test
    void everyCommandAndSubcommandOfBothToolsGetsAManPageAndEachToolACompletionScript() throws Exception {
        Files.createDirectories(out.resolve("adoc"));
        Files.writeString(out.resolve("adoc/push-gone.adoc"), "a command that no longer exists");

        ToolDocs.main(new String[] {out.toString()});

        List<String> pages;
        try (Stream<Path> files = Files.list(out.resolve("adoc"))) {
            pages = files.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(pages).contains("push.adoc", "push-db.adoc", "push-db-switchover.adoc", "push-db-alias-set.adoc",
                "repo-tool.adoc", "repo-tool-publish.adoc").doesNotContain("push-gone.adoc");
        assertThat(Files.readString(out.resolve("adoc/push-db-switchover.adoc"))).contains("--to");
        String push = Files.readString(out.resolve("completion/push"));
        assertThat(push).doesNotStartWith("#!").contains("complete -F _complete_push", "switchover");
        assertThat(Files.readString(out.resolve("completion/repo-tool"))).contains("publish");
    }
}
