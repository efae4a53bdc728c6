package com.speedy.push.drill;

/** An invariant that a run broke: which, in which run (its plan and the step the fault hit), what happened, and when. */
public record Violation(Invariant invariant, Plan plan, String step, String detail, String excerpt) {
    /** What the drills check after every run. */
    public enum Invariant {
        ACKNOWLEDGED_WRITE_LOST("every write an app acknowledged (201) is on the final primary"),
        DATA_DIRECTORY_EMPTIED("no data directory that held a database is emptied (unless the operator discarded it)"),
        TWO_WRITABLE_PRIMARIES("never two hosts accepting writes while db points at either"),
        NOT_RESUMABLE("an interrupted command is resumed or undone by the commands it printed: the pair ends healthy");

        private final String rule;

        Invariant(String rule) {
            this.rule = rule;
        }

        public String rule() {
            return rule;
        }
    }

    public String render() {
        return invariant + " (" + invariant.rule() + ")\n  " + plan + "\n  fault at step: " + step + "\n  replay: "
                + plan.replay() + "\n  what happened: " + detail.replace("\n", "\n    ") + "\n  history:\n" + excerpt;
    }
}
