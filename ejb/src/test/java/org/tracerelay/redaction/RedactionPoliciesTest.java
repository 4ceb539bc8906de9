package org.tracerelay.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tracerelay.crypto.MasterKeys;
import org.tracerelay.crypto.Pseudonyms;
import org.tracerelay.domain.redaction.RedactionRuleSet;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.TraceInfoType;

class RedactionPoliciesTest {

    private static final String MASK_ALL = PersonalDataCorpus.typicalRules().toString();

    @Test
    void aDestinationsOwnRulesWinOverTheTenantDefault() {
        RedactionRuleSet byDefault = new RedactionRuleSet("t", RedactionRuleSet.TENANT_DEFAULT, MASK_ALL, Instant.now());
        RedactionRuleSet own = new RedactionRuleSet("t", "enterprise", "{\"content\": true}", Instant.now());
        assertEquals(Optional.of(own), RedactionPolicies.chosen(List.of(byDefault, own)));
        assertEquals(Optional.of(byDefault), RedactionPolicies.chosen(List.of(byDefault)));
        assertEquals(Optional.empty(), RedactionPolicies.chosen(List.of()));
    }

    @Test
    void theCollectorWithContentOnGetsTheFullTextWhileAVendorUnderTheDefaultGetsItMasked() {
        RedactionPolicies policies = new RedactionPolicies();
        Pseudonyms pseudonyms = new Pseudonyms(new MasterKeys(Base64.getEncoder().encodeToString(new byte[32]), null));
        RedactionRuleSet byDefault = new RedactionRuleSet("tenant-a", RedactionRuleSet.TENANT_DEFAULT, MASK_ALL, Instant.now());
        RedactionRuleSet collector = new RedactionRuleSet("tenant-a", "enterprise", "{\"content\": true}", Instant.now());
        TaskEnvelope task = PersonalDataCorpus.task(TraceInfoType.MessageTraceInfo);

        RedactionRules forCollector = policies.compiled(RedactionPolicies.chosen(List.of(byDefault, collector)).orElseThrow());
        RedactionRules forVendor = policies.compiled(RedactionPolicies.chosen(List.of(byDefault)).orElseThrow());
        TaskEnvelope full = new Redactor(forCollector, v -> pseudonyms.of("tenant-a", v)).apply(task).task();
        TaskEnvelope masked = new Redactor(forVendor, v -> pseudonyms.of("tenant-a", v)).apply(task).task();

        assertEquals(task.traceInfo(), full.traceInfo());
        PersonalDataCorpus.EMAILS.forEach(e -> assertTrue(full.traceInfo().toString().contains(e)));
        PersonalDataCorpus.EMAILS.forEach(e -> assertTrue(!masked.traceInfo().toString().contains(e)));
    }

    @Test
    void compiledRulesAreKeptUntilTheStoredVersionChanges() {
        RedactionPolicies policies = new RedactionPolicies();
        RedactionRuleSet row = new RedactionRuleSet("t", "langfuse/app", "{\"mask\": [\"email\"]}", Instant.now());
        RedactionRules first = policies.compiled(row);
        assertSame(first, policies.compiled(row), "same version: compiled once");
        row.replace("{\"mask\": [\"card\"]}", Instant.now());
        RedactionRules changed = policies.compiled(row);
        assertNotSame(first, changed);
        assertEquals("card", changed.masks().get(0).name(), "a change applies from the next batch");
    }
}
