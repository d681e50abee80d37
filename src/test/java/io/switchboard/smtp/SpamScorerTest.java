package io.switchboard.smtp;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The X-Spam-Score figure is written as String.format("%.1f") would write it. */
class SpamScorerTest {
    @Test
    void scoresHaveOneDecimalLikeStringFormat() {
        for (double v : new double[]{0, 0.5, 1.0, 1.5, 6.5, 9.95, 10.0, 1000.0, 1003.5, 0.04}) {
            assertEquals(String.format(Locale.ROOT, "%.1f", v), SpamScorer.oneDecimal(v), "for " + v);
        }
    }
}
