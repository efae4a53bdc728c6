package com.speedy.repo.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class ReactorDebsTest {
    private static final Path TARGET = Path.of("/build/target").toAbsolutePath();

    @Test
    void aDebThatJdebAttachedBesideTheJarIsCollectedAndTheJarIsNot() {
        MavenProject app = project("speedy-app", "jar", "speedy-app-1.0.jar");
        app.addAttachedArtifact(artifact("speedy-app", "deb", "speedy-app_1.0-1_all.deb"));

        assertThat(ReactorDebs.of(List.of(app))).containsExactly(TARGET.resolve("speedy-app_1.0-1_all.deb"));
    }

    @Test
    void aMainArtifactThatIsADebIsCollected() {
        assertThat(ReactorDebs.of(List.of(project("tool", "deb", "tool_2.0_amd64.deb"))))
                .containsExactly(TARGET.resolve("tool_2.0_amd64.deb"));
    }

    @Test
    void projectsWithoutADebOrWithoutAFileYetGiveNothing() {
        MavenProject parent = project("parent", "pom", null);
        MavenProject tests = project("tests", "jar", "tests.jar");
        tests.addAttachedArtifact(artifact("tests", "test-jar", "tests-tests.jar"));

        assertThat(ReactorDebs.of(List.of(parent, tests))).isEmpty();
    }

    @Test
    void debsComeInReactorOrderAndEachFileOnce() {
        MavenProject first = project("first", "jar", "first.jar");
        first.addAttachedArtifact(artifact("first", "deb", "first_1_all.deb"));
        first.addAttachedArtifact(artifact("first", "deb", "../target/first_1_all.deb"));
        MavenProject second = project("second", "jar", "second.jar");
        second.addAttachedArtifact(artifact("second", "deb", "second_1_all.deb"));

        assertThat(ReactorDebs.of(List.of(second, first)))
                .containsExactly(TARGET.resolve("second_1_all.deb"), TARGET.resolve("first_1_all.deb"));
    }

    private static MavenProject project(String artifactId, String type, String fileName) {
        MavenProject project = new MavenProject();
        project.setGroupId("com.speedy");
        project.setArtifactId(artifactId);
        project.setArtifact(artifact(artifactId, type, fileName));
        return project;
    }

    private static Artifact artifact(String artifactId, String type, String fileName) {
        Artifact artifact = new DefaultArtifact("com.speedy", artifactId, "1.0", "compile", type, null,
                new DefaultArtifactHandler(type));
        if (fileName != null) {
            artifact.setFile(new File(TARGET.toFile(), fileName));
        }
        return artifact;
    }
}
