package com.speedy.push.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WalSegmentsTest {
    @Test
    void consecutiveSegmentsAcrossALogBoundaryAndATimelineSwitchHaveNoGap() {
        assertThat(WalSegments.gaps("0000000100000000000000FE", List.of("0000000100000000000000FE",
                "0000000100000000000000FF", "000000010000000100000000", "00000002.history",
                "000000020000000100000001", "000000020000000100000002.partial"))).isEmpty();
    }

    @Test
    void aMissingSegmentIsNamedWithHowManyAreMissing() {
        assertThat(WalSegments.gaps("000000010000000000000002", List.of("000000010000000000000001",
                "000000010000000000000002", "000000010000000000000005", "000000010000000000000006.partial")))
                .containsExactly("000000010000000000000003..000000010000000000000004 (2 files)");
    }

    @Test
    void nothingFromTheBackupsFirstSegmentOnIsAGapAndNoBackupIsNone() {
        assertThat(WalSegments.gaps("000000010000000000000009", List.of("000000010000000000000001")))
                .singleElement().asString().startsWith("000000010000000000000009 and after");
        assertThat(WalSegments.gaps("", List.of("000000010000000000000001"))).isEmpty();
    }
}
