package org.tracerelay.api;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The web module on top of the package plan (docs/architecture.md): the resources are thin
 * adapters over admin, intake and the outbox's read models; nothing below imports them; they know
 * the export contract and its registry, never a provider or a shared wire part; and the drain is
 * not theirs to call. Checked over the web classes together with the EJB module's.
 */
class WebArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tracerelay");

    @Test
    void nothingImportsTheWebLayer() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Web").definedBy("org.tracerelay.api..")
                .layer("Relay").definedBy("org.tracerelay.admin..", "org.tracerelay.intake..", "org.tracerelay.delivery..",
                        "org.tracerelay.metrics..", "org.tracerelay.outbox..", "org.tracerelay.export..", "org.tracerelay.task..",
                        "org.tracerelay.refusal..", "org.tracerelay.json..", "org.tracerelay.crypto..", "org.tracerelay.schema..",
                        "org.tracerelay.support..", "org.tracerelay.domain..", "org.tracerelay.health..")
                .whereLayer("Web").mayNotBeAccessedByAnyLayer()
                .check(CLASSES);
    }

    @Test
    void webKnowsTheExportContractOnly() {
        noClasses().that().resideInAPackage("org.tracerelay.api..")
                .should().dependOnClassesThat(resideInAPackage("org.tracerelay.export..")
                        .and(resideOutsideOfPackages("org.tracerelay.export", "org.tracerelay.export.registry")))
                .check(CLASSES);
    }

    @Test
    void webDoesNotRunTheDrain() {
        noClasses().that().resideInAPackage("org.tracerelay.api..")
                .should().dependOnClassesThat().resideInAPackage("org.tracerelay.delivery..").check(CLASSES);
    }

    @Test
    void noPackageCyclesAcrossModules() {
        slices().matching("org.tracerelay.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
