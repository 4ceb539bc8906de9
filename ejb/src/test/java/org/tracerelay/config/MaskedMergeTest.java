package org.tracerelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.refusal.Refusal;

/** An update keeps a stored secret only when it is sent back masked, and then only on the same host. */
class MaskedMergeTest {

    static final ProviderModel MODEL = new ProviderModel("sample", List.of(
            ConfigField.requiredSecret("api_key", "api_key is required"),
            ConfigField.secret("token"),
            ConfigField.plain("host", "https://api.example.com", UnaryOperator.identity()),
            ConfigField.plain("project", "default", UnaryOperator.identity())));

    static final Map<String, String> STORED = Map.of("api_key", "sk-0123456789abcdef", "token", "",
            "host", "https://api.example.com", "project", "p1");

    @Test
    void aSecretSentAsItsMaskOrAsAsterisksKeepsTheStoredOne() {
        MaskedMerge merge = MaskedMerge.of(MODEL, STORED, Map.of("api_key", Masking.mask("sk-0123456789abcdef"),
                "token", "*****", "host", "https://api.example.com", "project", "p2"));
        assertEquals("sk-0123456789abcdef", merge.config().get("api_key"));
        assertEquals("", merge.config().get("token"), "an empty stored secret stays empty");
        assertEquals("p2", merge.config().get("project"));
        assertEquals(List.of("api_key"), merge.keptSecrets(), "only a stored secret with a value counts as kept");
    }

    @Test
    void anyOtherValueIsANewSecretAndAFieldLeftOutIsLeftOut() {
        MaskedMerge merge = MaskedMerge.of(MODEL, STORED, Map.of("api_key", "sk-new*key", "host", "https://api.example.com"));
        assertEquals("sk-new*key", merge.config().get("api_key"));
        assertEquals(null, merge.config().get("project"), "the model's default is the validation's to give");
        assertEquals(List.of(), merge.keptSecrets());
        assertEquals(List.of("api_key", "token", "host", "project"), List.copyOf(merge.config().keySet()));
    }

    @Test
    void aKeptSecretIsBoundToTheStoredHost() {
        MaskedMerge kept = MaskedMerge.of(MODEL, STORED, Map.of("api_key", "*", "host", "https://elsewhere.example"));
        Refusal r = assertThrows(Refusal.class, () -> kept.bound(kept.config()));
        assertEquals("secret_required_for_new_host", r.code());
        MaskedMerge retyped = MaskedMerge.of(MODEL, STORED, Map.of("api_key", "sk-typed-again", "host", "https://elsewhere.example"));
        assertEquals("https://elsewhere.example", retyped.bound(retyped.config()).get("host"));
    }
}
