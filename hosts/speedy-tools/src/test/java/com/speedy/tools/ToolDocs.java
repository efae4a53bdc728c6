package com.speedy.tools;

import com.speedy.push.cli.Push;
import com.speedy.repo.cli.RepoTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The build's generator of what the speedy-tools package ships beside the jars, from the commands themselves: one
 * AsciiDoc man page per command and subcommand (picocli's ManPageGenerator; asciidoctor turns them into troff, so
 * that {@code man push-db-switchover} works), and a bash completion script per tool (picocli's AutoComplete).
 * Usage: {@code ToolDocs OUTDIR}; writes OUTDIR/adoc/*.adoc and OUTDIR/completion/{push,repo-tool}.
 */
public final class ToolDocs {
    private ToolDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ToolDocs OUTDIR");
        }
        Path out = Path.of(args[0]);
        Path adoc = Files.createDirectories(out.resolve("adoc"));
        try (var stale = Files.list(adoc)) {
            for (Path page : stale.toList()) {
                Files.delete(page); // a page of a command that is gone must not linger
            }
        }
        Path completion = Files.createDirectories(out.resolve("completion"));
        Map<String, CommandLine> tools = Map.of("push", Push.commandLine(), "repo-tool", RepoTool.commandLine());
        for (Map.Entry<String, CommandLine> tool : tools.entrySet()) {
            CommandLine cli = tool.getValue();
            cli.setCommandName(tool.getKey());
            int exit = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], false,
                    cli.getCommandSpec());
            if (exit != 0) {
                throw new IllegalStateException("the man pages of " + tool.getKey() + " failed: exit " + exit);
            }
            // bash-completion sources the script: the #! line AutoComplete starts it with is only noise there.
            String script = AutoComplete.bash(tool.getKey(), cli).replaceFirst("\\A#![^\n]*\n", "");
            Files.writeString(completion.resolve(tool.getKey()), script, StandardCharsets.UTF_8);
        }
        List<String> pages;
        try (var files = Files.list(adoc)) {
            pages = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        System.out.println("ToolDocs: " + pages.size() + " man pages, completion for " + tools.keySet());
    }
}
