package com.speedy.repo.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.project.MavenProject;

/**
 * The .deb files a reactor build made: of every project, the main artifact and the attached artifacts whose file is
 * named {@code *.deb}. jdeb attaches its .deb (type {@code deb}, no classifier) to a project whose main artifact is
 * its jar; a project of packaging {@code deb} would have it as the main artifact.
 */
final class ReactorDebs {
    private ReactorDebs() {
    }

    /** In reactor order, each file once. */
    static List<Path> of(List<MavenProject> projects) {
        Set<Path> debs = new LinkedHashSet<>();
        for (MavenProject project : projects) {
            Stream.concat(Stream.of(project.getArtifact()), project.getAttachedArtifacts().stream())
                    .map(Artifact::getFile)
                    .filter(file -> file != null && file.getName().endsWith(".deb"))
                    .map(File::toPath)
                    .map(path -> path.toAbsolutePath().normalize())
                    .forEach(debs::add);
        }
        return List.copyOf(debs);
    }
}
