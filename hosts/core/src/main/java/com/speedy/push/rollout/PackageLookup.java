package com.speedy.push.rollout;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.apt.Candidates;
import com.speedy.push.apt.Installed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of some package names a host's apt knows (offered by a source, or installed), asked before a command changes
 * anything, so that a mistyped package is refused on every host rather than failing on each one. For the names it does
 * not know, the names apt has that start alike, for "did you mean".
 */
public final class PackageLookup {
    /** One host's answer; {@code answered} is false for a host that could not be asked. */
    public record Answer(boolean answered, Set<String> known, Set<String> similar) {
        public Answer {
            known = Set.copyOf(known);
            similar = Set.copyOf(similar);
        }

        public static Answer none() {
            return new Answer(false, Set.of(), Set.of());
        }
    }

    /** How many leading characters a similar name shares: a typo in them goes without a suggestion. */
    private static final int PREFIX = 2;

    private PackageLookup() {}

    /** The job; {@code refreshLists} fetches the repository's lists first (install: a package just published). */
    public static Rollout.HostJob<Answer> job(List<String> names, boolean refreshLists) {
        return steps -> {
            if (refreshLists) {
                steps.updateLists();
            }
            String policy = steps.check(AptCommands.candidates(names), "apt-cache policy").stdoutText();
            Candidates candidates = Candidates.parse(policy);
            Installed installed = Installed.fromPolicy(policy);
            Set<String> known = new TreeSet<>();
            Set<String> prefixes = new TreeSet<>();
            for (String name : names) {
                if (candidates.version(name).isPresent() || installed.version(name).isPresent()) {
                    known.add(name);
                } else {
                    prefixes.add(name.substring(0, Math.min(PREFIX, name.length())));
                }
            }
            Set<String> similar = new TreeSet<>();
            for (String prefix : prefixes) {
                List<String> argv = new ArrayList<>(List.of("apt-cache", "pkgnames", prefix));
                steps.run(argv).stdoutText().lines().map(String::strip).filter(l -> !l.isEmpty())
                        .forEach(similar::add);
            }
            return new Answer(true, known, similar);
        };
    }
}
