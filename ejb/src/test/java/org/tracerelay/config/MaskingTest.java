package org.tracerelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|********************",
        "12345678|********************",
        "123456789abcdef|********************",
        "abc!@#$%^&*()def|****************)def",
        "sk-lf-0123456789|****************6789",
        "sk-lf-0123456789abcdef0123456789|****************6789"
    })
    void showsAtMostTheLastFourOfASecretOfSixteenOrMore(String secret, String masked) {
        assertEquals(masked, Masking.mask(secret));
        assertEquals(20, Masking.mask(secret).length());
    }

    @Test
    void emptyStaysEmpty() {
        assertEquals("", Masking.mask(""));
        assertEquals("", Masking.mask(null));
    }

    @Test
    void theMaskShownKeepsTheStoredSecret() {
        String stored = "sk-lf-0123456789";
        assertTrue(Masking.keepsStored(Masking.mask(stored), stored));
        assertTrue(Masking.keepsStored("********************", "short"));
        assertTrue(Masking.keepsStored("*", stored), "asterisks only show nothing: a mask");
    }

    @Test
    void aNewSecretContainingAnAsteriskIsANewSecret() {
        String stored = "sk-lf-0123456789";
        assertFalse(Masking.keepsStored("new*secret", stored));
        assertFalse(Masking.keepsStored("****************0000", stored), "the shape of a mask, but not this secret's");
        assertFalse(Masking.keepsStored("sk-lf-************89", stored));
        assertFalse(Masking.keepsStored("new-secret", stored));
        assertFalse(Masking.keepsStored(null, stored));
        assertFalse(Masking.keepsStored("", stored));
    }
}
