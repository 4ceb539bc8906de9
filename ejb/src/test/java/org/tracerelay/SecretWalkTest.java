package org.tracerelay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;
import org.tracerelay.crypto.Sealing;

/**
 * A provider secret walks api -> admin -> config -> crypto and delivery -> config: it is sealed
 * and opened in {@code config} only, and neither the admin use cases nor the drain reach the keys.
 */
class SecretWalkTest {

    private static final Class<?>[] SECRET_PLACE = {String.class, String.class, String.class, String.class, String.class};

    @Test
    void onlyConfigSealsOrOpensAProviderSecret() {
        noClasses().that().resideOutsideOfPackage("org.tracerelay.config..")
                .should().callMethod(Sealing.class, "openSecret", SECRET_PLACE)
                .orShould().callMethod(Sealing.class, "sealSecret", SECRET_PLACE)
                .check(ArchitectureTest.CLASSES);
    }

    @Test
    void adminAndTheDrainDoNotReachTheKeys() {
        noClasses().that().resideInAnyPackage("org.tracerelay.admin..", "org.tracerelay.delivery..")
                .should().dependOnClassesThat().resideInAPackage("org.tracerelay.crypto..")
                .check(ArchitectureTest.CLASSES);
    }
}
