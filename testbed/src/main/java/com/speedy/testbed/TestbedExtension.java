package com.speedy.testbed;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the hosts a class names in {@link TestbedHosts}, on the backend that {@link Testbed#backendName} chooses, and
 * hands them to the tests. Where the testbed cannot run (neither root with systemd-nspawn nor a Docker or Podman
 * engine) the tests are skipped with the reason, except under {@code CI=true}, where they fail: CI must never pass
 * without running them. After the class its hosts are shut down (their disks kept, so that a later class naming the
 * same host boots it as it was): a run of the whole suite keeps only the hosts of the class running, not all of them.
 */
public final class TestbedExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestbedExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<String> unavailable = Testbed.unavailableReason();
        if (unavailable.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and the testbed cannot run: " + unavailable.get());
            }
            Assumptions.abort("testbed unavailable: " + unavailable.get());
        }
        List<String> names = List.of(context.getRequiredTestClass().getAnnotation(TestbedHosts.class).value());
        Suite suite = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Suite.class, k -> new Suite(), Suite.class);
        context.getStore(NAMESPACE).put(Testbed.class, suite.up(names));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Testbed testbed = context.getStore(NAMESPACE).get(Testbed.class, Testbed.class);
        if (testbed != null && !keep()) {
            testbed.stop(List.of(context.getRequiredTestClass().getAnnotation(TestbedHosts.class).value()));
        }
    }

    /** {@code SPEEDY_TESTBED_KEEP=true}: every host stays running after the tests, to look at. */
    private static boolean keep() {
        return "true".equals(System.getenv("SPEEDY_TESTBED_KEEP"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Testbed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Testbed.class, Testbed.class);
    }

    /** The hosts of the whole test run: brought up as classes ask for them, brought down once at the end. */
    private static final class Suite implements ExtensionContext.Store.CloseableResource {
        private Testbed testbed;

        synchronized Testbed up(List<String> names) throws Exception {
            testbed = testbed == null ? Testbed.up(projectDir(), names) : testbed.up(names);
            return testbed;
        }

        @Override
        public synchronized void close() throws Throwable {
            if (testbed != null && !keep()) {
                testbed.down();
            }
        }

        private static Path projectDir() {
            String dir = System.getenv("SPEEDY_PROJECT_DIR");
            return dir == null ? Path.of("").toAbsolutePath() : Path.of(dir);
        }
    }
}
