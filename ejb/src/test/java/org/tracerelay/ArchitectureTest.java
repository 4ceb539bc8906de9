package org.tracerelay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package plan of docs/architecture.md, held without exceptions: the pipeline reads bottom
 * up (task model, export contract and providers, outbox, drain and intake, admin), no package imports one above it,
 * and no provider package imports another.
 */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tracerelay");

    /** Providers under export: each holds its own config model, mapping and wire calls. */
    static final List<String> PROVIDERS = List.of("aliyun", "arize", "databricks", "datadog", "enterprise",
            "langfuse", "langsmith", "mlflow", "opik", "phoenix", "tencent", "weave");

    @Test
    void layersOnlyImportDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Domain").definedBy("org.tracerelay.domain..", "org.tracerelay.health..")
                .layer("Ground").definedBy("org.tracerelay.support..", "org.tracerelay.json..", "org.tracerelay.refusal..",
                        "org.tracerelay.task..", "org.tracerelay.crypto..", "org.tracerelay.schema..")
                .layer("Export").definedBy("org.tracerelay.export..")
                .layer("Outbox").definedBy("org.tracerelay.outbox..")
                .layer("Metrics").definedBy("org.tracerelay.metrics..")
                .layer("Config").definedBy("org.tracerelay.config..")
                .layer("Redaction").definedBy("org.tracerelay.redaction..")
                .layer("Pipeline").definedBy("org.tracerelay.intake..", "org.tracerelay.delivery..")
                .layer("Admin").definedBy("org.tracerelay.admin..")
                .whereLayer("Admin").mayNotBeAccessedByAnyLayer()
                .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Admin")
                .whereLayer("Config").mayOnlyBeAccessedByLayers("Pipeline", "Admin")
                .whereLayer("Redaction").mayOnlyBeAccessedByLayers("Pipeline", "Admin")
                .whereLayer("Metrics").mayOnlyBeAccessedByLayers("Pipeline", "Admin")
                .whereLayer("Outbox").mayOnlyBeAccessedByLayers("Metrics", "Config", "Pipeline", "Admin")
                .whereLayer("Export").mayOnlyBeAccessedByLayers("Outbox", "Metrics", "Config", "Pipeline", "Admin")
                .whereLayer("Ground").mayOnlyBeAccessedByLayers("Export", "Outbox", "Metrics", "Config", "Redaction", "Pipeline", "Admin")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.tracerelay.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theTaskModelStandsOnTheGroundFloor() {
        noClasses().that().resideInAPackage("org.tracerelay.task..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tracerelay.crypto..", "org.tracerelay.schema..",
                        "org.tracerelay.outbox..", "org.tracerelay.metrics..", "org.tracerelay.export..",
                        "org.tracerelay.intake..", "org.tracerelay.delivery..", "org.tracerelay.admin..")
                .check(CLASSES);
    }

    @Test
    void intakeAndDrainDoNotReachIntoEachOther() {
        noClasses().that().resideInAPackage("org.tracerelay.intake..")
                .should().dependOnClassesThat().resideInAPackage("org.tracerelay.delivery..").check(CLASSES);
        noClasses().that().resideInAPackage("org.tracerelay.delivery..")
                .should().dependOnClassesThat().resideInAPackage("org.tracerelay.intake..").check(CLASSES);
    }

    @Test
    void noProviderImportsAnother() {
        for (String provider : PROVIDERS) {
            String[] others = PROVIDERS.stream().filter(p -> !p.equals(provider))
                    .map(p -> "org.tracerelay.export." + p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("org.tracerelay.export." + provider + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others).check(CLASSES);
        }
    }

    @Test
    void sharedExportPartsKnowNoProvider() {
        String[] providers = PROVIDERS.stream().map(p -> "org.tracerelay.export." + p + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage("org.tracerelay.export", "org.tracerelay.export.http..",
                        "org.tracerelay.export.otlp..", "org.tracerelay.export.span..", "org.tracerelay.export.trace..",
                        "org.tracerelay.export.openinference..")
                .should().dependOnClassesThat().resideInAnyPackage(providers).check(CLASSES);
        noClasses().that().resideInAPackage("org.tracerelay.export..").and().resideOutsideOfPackage("org.tracerelay.export.registry")
                .should().dependOnClassesThat().resideInAPackage("org.tracerelay.export.registry").check(CLASSES);
    }
}
