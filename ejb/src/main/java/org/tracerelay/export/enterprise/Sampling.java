package org.tracerelay.export.enterprise;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Trace sampling decided on the trace id alone (128-bit rule: id / 2^128 < rate), so every span
 * of a trace, on any node and in any batch, gets the same answer.
 */
public final class Sampling {

    private static final BigDecimal TWO_128 = new BigDecimal(BigInteger.ONE.shiftLeft(128));

    private Sampling() {
    }

    public static boolean keep(byte[] traceId, double rate) {
        if (rate >= 1.0) {
            return true;
        }
        if (rate <= 0.0) {
            return false;
        }
        BigDecimal id = new BigDecimal(new BigInteger(1, traceId));
        return id.compareTo(BigDecimal.valueOf(rate).multiply(TWO_128)) < 0;
    }
}
