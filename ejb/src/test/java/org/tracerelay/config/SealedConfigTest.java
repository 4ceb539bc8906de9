package org.tracerelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.tracerelay.crypto.SecretBox;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.json.Jsonp;

/** A config at rest holds its secrets sealed and opens to its model's fields, whoever reads it. */
class SealedConfigTest {

    static final ProviderModel MODEL = MaskedMergeTest.MODEL;

    /** AES-GCM bound to the field, as the relay binds it to tenant, app, provider and field. */
    static FieldCipher cipher(SecretBox box, String place) {
        return new FieldCipher() {
            @Override
            public String seal(String field, String plain) {
                return box.seal(plain, place + "/" + field);
            }

            @Override
            public String open(String field, String sealed) {
                return box.open(sealed, place + "/" + field);
            }
        };
    }

    static SecretBox newBox() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretBox(1, key);
    }

    static Map<String, String> plain() {
        Map<String, String> plain = new LinkedHashMap<>();
        plain.put("api_key", "sk-0123456789abcdef");
        plain.put("token", "");
        plain.put("host", "https://api.example.com");
        plain.put("project", "p1");
        return plain;
    }

    @Test
    void secretsAreSealedAtRestAndPlainFieldsKeptAsGiven() {
        String stored = SealedConfig.seal(MODEL, plain(), cipher(newBox(), "a"));
        JsonObject json = Jsonp.createReader(new StringReader(stored)).readObject();
        assertTrue(json.getString("api_key").startsWith("v1."));
        assertFalse(stored.contains("sk-0123456789abcdef"));
        assertEquals("", json.getString("token"), "an empty secret is stored empty, not sealed");
        assertEquals("https://api.example.com", json.getString("host"));
        assertEquals("p1", json.getString("project"));
    }

    @Test
    void itOpensToTheModelsFieldsInTheModelsOrder() {
        FieldCipher cipher = cipher(newBox(), "a");
        Map<String, String> opened = SealedConfig.open(MODEL, SealedConfig.seal(MODEL, plain(), cipher), cipher);
        assertEquals(plain(), opened);
        assertEquals(List.of("api_key", "token", "host", "project"), List.copyOf(opened.keySet()));
    }

    @Test
    void aFieldTheStoredFormLacksOpensEmptyAndOneTheModelDoesNotNameIsLeftOut() {
        FieldCipher cipher = cipher(newBox(), "a");
        String stored = "{\"api_key\":\"" + cipher.seal("api_key", "sk-1") + "\",\"host\":\"https://h.example\",\"retired\":\"x\"}";
        Map<String, String> opened = SealedConfig.open(MODEL, stored, cipher);
        assertEquals(Map.of("api_key", "sk-1", "token", "", "host", "https://h.example", "project", ""), opened);
    }

    @Test
    void aSecretCopiedToAnotherPlaceDoesNotOpen() {
        SecretBox box = newBox();
        String stored = SealedConfig.seal(MODEL, plain(), cipher(box, "tenant-a/app-1"));
        assertThrows(SecretBox.SealException.class, () -> SealedConfig.open(MODEL, stored, cipher(box, "tenant-b/app-1")));
        String moved = stored.replace("\"api_key\"", "\"token\"").replace("\"token\":\"\"", "\"api_key\":\"\"");
        assertThrows(SecretBox.SealException.class, () -> SealedConfig.open(MODEL, moved, cipher(box, "tenant-a/app-1")),
                "a sealed value moved to another field");
    }
}
