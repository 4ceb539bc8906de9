package org.tracerelay.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dify's obfuscated_token table (dify-ops-core §3.4, test_encrypter). */
class MaskingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1234567|********************",
        "12345678|********************",
        "123456789abcdef|123456************ef",
        "abc!@#$%^&*()def|abc!@#************ef",
        "sk-lf-0123456789|sk-lf-************89"
    })
    void masksAsDifyDoes(String secret, String masked) {
        assertEquals(masked, Masking.mask(secret));
        assertEquals(20, Masking.mask(secret).length());
    }

    @Test
    void emptyStaysEmpty() {
        assertEquals("", Masking.mask(""));
        assertEquals("", Masking.mask(null));
    }

    @Test
    void anAsteriskMeansKeepTheStoredSecret() {
        assertTrue(Masking.keepsStored("sk-lf-************89"));
        assertTrue(Masking.keepsStored("*"));
        assertFalse(Masking.keepsStored("new-secret"));
        assertFalse(Masking.keepsStored(null));
    }
}
