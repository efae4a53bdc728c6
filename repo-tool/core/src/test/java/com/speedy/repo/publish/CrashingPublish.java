package com.speedy.repo.publish;

import com.speedy.repo.signing.BouncyCastleSigner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of {@link PublishCrashIT}: publishes .debs with the repository's key and dies for real in the middle.
 * {@code halt PHASE K} halts the JVM (exit 137, no shutdown hooks, nothing flushed) just before the K-th file operation
 * of that phase;
 * {@code trace} prints each step as it comes, for a parent that SIGKILLs it at a moment of its own choosing. A publish
 * that ends prints {@code STEPS n}.
 */
public final class CrashingPublish {
    private CrashingPublish() {}

    /** Arguments: REPO SUITE (halt PHASE K | trace) FILE.deb... */
    public static void main(String[] args) throws Exception {
        Path repository = Path.of(args[0]);
        String suite = args[1];
        boolean halt = args[2].equals("halt");
        WriteSteps.Phase haltIn = halt ? WriteSteps.Phase.valueOf(args[3]) : WriteSteps.Phase.POOL;
        int haltAt = halt ? Integer.parseInt(args[4]) : 0;
        List<Path> debs = new ArrayList<>();
        for (int i = halt ? 5 : 3; i < args.length; i++) {
            debs.add(Path.of(args[i]));
        }
        AtomicInteger steps = new AtomicInteger();
        AtomicInteger inPhase = new AtomicInteger();
        WriteSteps hook = (phase, step) -> {
            int n = steps.incrementAndGet();
            if (halt && phase == haltIn && inPhase.incrementAndGet() == haltAt) {
                System.out.println("HALT " + phase + " " + n + " " + step);
                System.out.flush();
                Runtime.getRuntime().halt(137);
            } else if (!halt) {
                System.out.println("STEP " + phase + " " + n + " " + step);
                System.out.flush();
            }
        };
        Publisher publisher = new Publisher(repository, BouncyCastleSigner.fromKeyFiles(
                List.of(repository.resolve("conf/signing-key.asc")), Optional.empty()), Clock.systemUTC(),
                message -> System.out.println("INFO " + message), hook);
        publisher.publish(suite, debs);
        System.out.println("STEPS " + steps.get());
    }
}
