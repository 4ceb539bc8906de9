package org.tracerelay.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;

class RedactionRulesTest {

    private static List<Violation> refused(JsonObject rules) {
        Refusal r = assertThrows(Refusal.class, () -> RedactionRules.read(rules));
        assertEquals(400, r.status());
        assertEquals("invalid_redaction_rules", r.code());
        return r.violations();
    }

    private static JsonObject pattern(String name, String regex) {
        return Json.createObjectBuilder().add("patterns", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("name", "ok").add("regex", "A[0-9]+"))
                .add(Json.createObjectBuilder().add("name", name).add("regex", regex))).build();
    }

    @Test
    void aBadPatternIsRefusedWithItsPathAndPosition() {
        List<Violation> v = refused(pattern("bad", "ab(cd"));
        assertEquals("patterns[1].regex", v.get(0).path());
        assertTrue(v.get(0).message().contains("position 2"), v.get(0).message());
    }

    @Test
    void aBackReferenceIsRefusedSinceOnlyLinearTimePatternsRun() {
        List<Violation> v = refused(pattern("twice", "(a)\\1"));
        assertEquals("patterns[1].regex", v.get(0).path());
    }

    @Test
    void aPatternThatBacktracksElsewhereRunsInLinearTime() {
        RedactionRules rules = RedactionRules.read(pattern("nested", "(a+)+$"));
        String evil = "a".repeat(100_000) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> rules.masks().get(1).apply(evil, new RedactionReport()));
    }

    @Test
    void aPatternMatchingTheEmptyTextIsRefused() {
        assertEquals("patterns[1].regex", refused(pattern("all", "x*")).get(0).path());
    }

    @Test
    void unknownMasksPathsAndRulesAreNamed() {
        JsonObject rules = Json.createObjectBuilder()
                .add("mask", Json.createArrayBuilder().add("email").add("passport"))
                .add("drop", Json.createArrayBuilder().add("inputs..x"))
                .add("hash", "user_id")
                .add("redact_all", true).build();
        assertEquals(List.of("redact_all", "drop[0]", "hash", "mask[1]"), refused(rules).stream().map(Violation::path).toList());
    }

    @Test
    void aTenantPatternMayNotTakeABuiltInName() {
        assertEquals("patterns[1].name", refused(pattern("email", "x@y")).get(0).path());
    }

    @Test
    void rulesReadBackAsTheyWereStored() {
        JsonObject json = PersonalDataCorpus.typicalRules();
        RedactionRules rules = RedactionRules.read(json);
        assertEquals(rules.toJson(), RedactionRules.read(rules.toJson()).toJson());
        assertEquals(BuiltInMasks.names().size() + 2, rules.masks().size());
        assertEquals("customer_no", rules.masks().get(rules.masks().size() - 1).name());
    }

    @Test
    void aTenantPatternIsTriedOnlyOnTextsHoldingItsLiteralStart() {
        assertTrue(ValueMask.literalStart("ORD-[0-9]{6}").test("order ORD-123456"));
        assertTrue(!ValueMask.literalStart("ORD-[0-9]{6}").test("order 123456"));
        assertTrue(ValueMask.literalStart("ab?c").test("ac"), "an optional last letter is not required");
        assertTrue(ValueMask.literalStart("ORD|KD").test("KD"), "an alternative is not ruled out");
        assertTrue(ValueMask.literalStart("(?i)ord-1").test("ORD-1"), "flags: no literal test");
    }
}
