package com.speedy.push.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkedBlockTest {
    private static final MarkedBlock BLOCK = new MarkedBlock("# BEGIN push", "# END push");

    @Test
    void theBlockIsAppendedToAFileWithoutOneAndEveryOtherLineKept() {
        assertThat(BLOCK.applyTo("local all all peer\n", List.of("host a", "host b")))
                .isEqualTo("local all all peer\n# BEGIN push\nhost a\nhost b\n# END push\n");
        assertThat(BLOCK.applyTo("no newline at the end", List.of("x")))
                .isEqualTo("no newline at the end\n# BEGIN push\nx\n# END push\n");
        assertThat(BLOCK.applyTo("", List.of())).isEqualTo("# BEGIN push\n# END push\n");
    }

    @Test
    void aBlockThereIsReplacedWhereverItStandsAndWritingItTwiceChangesNothing() {
        String before = "first\n# BEGIN push\nold\n# END push\nlast\n";

        String after = BLOCK.applyTo(before, List.of("new"));

        assertThat(after).isEqualTo("first\nlast\n# BEGIN push\nnew\n# END push\n");
        assertThat(BLOCK.applyTo(after, List.of("new"))).isEqualTo(after);
    }

    @Test
    void anEndMarkerWithoutANewlineAtTheEndOfTheFileIsStillTheEndOfTheBlock() {
        assertThat(BLOCK.applyTo("first\n# BEGIN push\nold\n# END push", List.of("new")))
                .isEqualTo("first\n# BEGIN push\nnew\n# END push\n");
    }

    @Test
    void aBeginWithoutAnEndIsLeftAloneAndAFreshBlockAppended() {
        assertThat(BLOCK.without("# BEGIN push\nsomeone's line\n")).isEqualTo("# BEGIN push\nsomeone's line\n");
    }

    @Test
    void beforeRulesANewBlockGoesAfterTheLeadingCommentsAndBeforeTheFirstRule() {
        String hba = "# comment\n\n# TYPE DATABASE\nlocal all postgres peer\nhost all all 0.0.0.0/0 reject\n";

        String after = BLOCK.applyBeforeRules(hba, List.of("host all barman 10.0.0.9/32 scram-sha-256"));

        assertThat(after).isEqualTo("# comment\n\n# TYPE DATABASE\n# BEGIN push\nhost all barman 10.0.0.9/32"
                + " scram-sha-256\n# END push\nlocal all postgres peer\nhost all all 0.0.0.0/0 reject\n");
        assertThat(BLOCK.applyBeforeRules(after, List.of("host all barman 10.0.0.9/32 scram-sha-256")))
                .as("written twice").isEqualTo(after);
        assertThat(BLOCK.applyBeforeRules("# only comments\n", List.of("x")))
                .isEqualTo("# only comments\n# BEGIN push\nx\n# END push\n");
    }

    @Test
    void beforeRulesABlockAlreadyThereIsReplacedWhereItStands() {
        assertThat(BLOCK.applyBeforeRules("a\n# BEGIN push\nold\n# END push\nb\n", List.of("new")))
                .isEqualTo("a\n# BEGIN push\nnew\n# END push\nb\n");
    }

    @Test
    void markersMustBeTwoDifferentSingleLines() {
        assertThatThrownBy(() -> new MarkedBlock("# x", "# x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MarkedBlock("# x\n", "# y")).isInstanceOf(IllegalArgumentException.class);
    }
}
