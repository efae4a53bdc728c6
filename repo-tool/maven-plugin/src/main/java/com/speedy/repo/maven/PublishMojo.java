package com.speedy.repo.maven;

import com.speedy.repo.publish.PublishException;
import com.speedy.repo.publish.Publisher;
import com.speedy.repo.publish.RepositoryConfig;
import com.speedy.repo.signing.ConflictingSignersException;
import com.speedy.repo.signing.InvalidFingerprintException;
import com.speedy.repo.signing.KeyFingerprint;
import com.speedy.repo.signing.ReleaseSigner;
import com.speedy.repo.signing.ReleaseSigners;
import com.speedy.repo.signing.SigningException;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Publishes the .debs this build made into a suite of a repo-tool repository, signed, in one atomic publish: every
 * project's main and attached artifacts named {@code *.deb}. It runs once for the whole build, after the lifecycle
 * phases named before it, so give it {@code package} in the same command:
 * {@code mvn package com.speedy:speedy-repo-maven-plugin:publish -Drepo.directory=/srv/apt}.
 */
@Mojo(name = "publish", aggregator = true, threadSafe = true, requiresProject = true)
public final class PublishMojo extends AbstractMojo {
    private static final String COMMAND = "mvn package com.speedy:speedy-repo-maven-plugin:publish";

    /** The repository: a folder that {@code repo-tool init} made. */
    @Parameter(property = "repo.directory", required = true)
    private File repository;

    /** The suite the packages go into; the repository must have it. */
    @Parameter(property = "repo.suite", defaultValue = "dev", required = true)
    private String suite;

    /**
     * Armored secret-key files to sign with (several during a key rotation). Default: the repository's
     * {@code conf/signing-key.asc}, which {@code repo-tool key generate} writes.
     */
    @Parameter(property = "repo.keys")
    private List<File> keys = new ArrayList<>();

    /** Full fingerprints of keys to sign with through the external gpg instead (gpg-agent or a smartcard). */
    @Parameter(property = "repo.gpgKeys")
    private List<String> gpgKeys = new ArrayList<>();

    /** Publish nothing. */
    @Parameter(property = "repo.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("repo.skip is set: nothing published");
            return;
        }
        Path repo = repository.toPath();
        checkSuite(repositoryConfig(repo));
        ReleaseSigner signer = signer(repo);
        List<Path> debs = ReactorDebs.of(session.getProjects());
        if (debs.isEmpty()) {
            throw new MojoFailureException("no .deb to publish: no project of this build has a main or attached"
                    + " artifact named *.deb; build them in the same command, e.g. " + COMMAND
                    + " -Drepo.directory=" + repository);
        }
        getLog().info("publishing " + debs.size() + " .deb(s) into " + suite + " of " + repo);
        try {
            Publisher.Result result = new Publisher(repo, signer, Clock.systemUTC(), getLog()::info)
                    .publish(suite, debs);
            getLog().info(suite + ": " + result.added().size() + " added, " + result.alreadyThere().size()
                    + " already there");
        } catch (PublishException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    private RepositoryConfig repositoryConfig(Path repo) throws MojoFailureException {
        try {
            return RepositoryConfig.read(repo);
        } catch (PublishException e) {
            throw new MojoFailureException("<repository> (-Drepo.directory): " + e.getMessage(), e);
        }
    }

    private void checkSuite(RepositoryConfig config) throws MojoFailureException {
        try {
            config.suite(suite);
        } catch (PublishException e) {
            throw new MojoFailureException("<suite> (-Drepo.suite): " + e.getMessage(), e);
        }
    }

    private ReleaseSigner signer(Path repo) throws MojoFailureException {
        List<KeyFingerprint> fingerprints = new ArrayList<>();
        for (String key : gpgKeys) {
            try {
                fingerprints.add(KeyFingerprint.parse(key));
            } catch (InvalidFingerprintException e) {
                throw new MojoFailureException("<gpgKeys> (-Drepo.gpgKeys): " + e.getMessage()
                        + "; give each key's full fingerprint, as gpg --fingerprint shows it", e);
            }
        }
        try {
            return ReleaseSigners.of(repo, keys.stream().map(File::toPath).toList(), fingerprints);
        } catch (ConflictingSignersException e) {
            throw new MojoFailureException("<keys> (-Drepo.keys) and <gpgKeys> (-Drepo.gpgKeys) exclude each other:"
                    + " sign with secret key files or with gpg", e);
        } catch (SigningException e) {
            if (!keys.isEmpty()) {
                throw new MojoFailureException("<keys> (-Drepo.keys): " + e.getMessage(), e);
            }
            throw new MojoFailureException(e.getMessage() + "; make the repository's key with repo-tool key generate"
                    + " -r " + repo + ", or set <keys> (-Drepo.keys) to armored secret-key files or <gpgKeys>"
                    + " (-Drepo.gpgKeys) to sign with gpg", e);
        }
    }
}
