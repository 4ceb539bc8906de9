package org.tracerelay.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DigestsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void knownVectors() {
        // FIPS 180-2 and RFC 1321 test vectors
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HEX.formatHex(Digests.sha256("abc")));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", HEX.formatHex(Digests.md5("abc")));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", HEX.formatHex(Digests.md5("")));
    }

    @Test
    void aDigestLeavesNothingForTheNextOnTheSameThread() {
        byte[] first = Digests.sha256("é-unicode");
        Digests.sha256("something else");
        assertEquals(HEX.formatHex(first), HEX.formatHex(Digests.sha256("é-unicode")));
    }

    @Test
    void threadsDoNotShareAnInstance() throws Exception {
        String expected = HEX.formatHex(Digests.sha256("span-source"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        if (!expected.equals(HEX.formatHex(Digests.sha256("span-source")))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertEquals(true, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
