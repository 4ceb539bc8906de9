package org.tracerelay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.DeploymentDestination;
import org.tracerelay.export.TraceExporter;

/**
 * The package plan of docs/architecture.md, held without exceptions: the pipeline reads bottom
 * up (task model, export contract and providers, outbox, drain and intake, admin), no package
 * imports one above it, and a provider is a package of its own that nothing outside it names.
 * Which packages are providers is read from the code (those holding an exporter), never listed.
 */
class ArchitectureTest {

    static final String EXPORT = "org.tracerelay.export";

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tracerelay");

    /** The main code plus the throwaway provider that only the test classes declare. */
    static final JavaClasses WITH_TEST_PROVIDER = new ClassFileImporter()
            .withImportOption(location -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                    || location.contains("/org/tracerelay/export/sample/"))
            .importPackages("org.tracerelay");

    /**
     * The provider packages directly under {@code export}: each one holding an exporter (a
     * {@link TraceExporter}) or a deployment-wide destination.
     */
    static SortedSet<String> providerPackages(JavaClasses classes) {
        SortedSet<String> packages = new TreeSet<>();
        for (JavaClass c : classes) {
            boolean plugsIn = c.isAssignableTo(TraceExporter.class) || c.isAssignableTo(DeploymentDestination.class);
            if (plugsIn && !c.isInterface() && c.getPackageName().startsWith(EXPORT + ".")) {
                packages.add(c.getPackageName().substring(EXPORT.length() + 1).split("\\.")[0]);
            }
        }
        return packages;
    }

    static String[] packagesOf(Set<String> providers) {
        return providers.stream().map(p -> EXPORT + "." + p + "..").toArray(String[]::new);
    }

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
                .layer("Admin").definedBy("org.tracerelay.admin..", "org.tracerelay.operator..")
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
    void providersAreFoundNotListed() {
        SortedSet<String> shipped = providerPackages(CLASSES);
        assertTrue(shipped.size() > 1, "provider packages found: " + shipped);
        assertTrue(shipped.contains("enterprise"), "the deployment-wide destination plugs in as a provider: " + shipped);
        assertFalse(shipped.contains("sample"), "a test provider never ships");
        assertTrue(providerPackages(WITH_TEST_PROVIDER).contains("sample"), "a provider added as one package is found");
        for (String shared : Set.of("http", "otlp", "span", "trace", "openinference", "registry")) {
            assertFalse(shipped.contains(shared), "shared export part " + shared + " holds no provider");
        }
    }

    @Test
    void noProviderImportsAnotherOrTheOutbox() {
        for (JavaClasses classes : Set.of(CLASSES, WITH_TEST_PROVIDER)) {
            SortedSet<String> providers = providerPackages(classes);
            DescribedPredicate<Slice> isProvider = DescribedPredicate.describe("provider packages " + providers,
                    slice -> providers.contains(slice.getNamePart(1)));
            slices().matching(EXPORT + ".(*)..").that(isProvider).should().notDependOnEachOther().check(classes);
            noClasses().that().resideInAnyPackage(packagesOf(providers))
                    .should().dependOnClassesThat().resideInAnyPackage("org.tracerelay.outbox..", EXPORT + ".registry..")
                    .check(classes);
        }
    }

    /** The shared export parts, the registry, the pipeline and admin all reach a provider through the contract only. */
    @Test
    void nothingOutsideAProviderNamesIt() {
        for (JavaClasses classes : Set.of(CLASSES, WITH_TEST_PROVIDER)) {
            SortedSet<String> providers = providerPackages(classes);
            String[] providerPackages = packagesOf(providers);
            noClasses().that().resideOutsideOfPackages(providerPackages)
                    .should().dependOnClassesThat().resideInAnyPackage(providerPackages).check(classes);
        }
    }

    /** One exporter per provider package: the one bean the registry discovers there. */
    @Test
    void eachProviderPackageHoldsOneExporter() {
        for (String provider : providerPackages(WITH_TEST_PROVIDER)) {
            JavaClasses exporters = WITH_TEST_PROVIDER.that(DescribedPredicate.describe("exporters of " + provider,
                    c -> c.isAssignableTo(TraceExporter.class) && !c.isInterface() && c.getPackageName().startsWith(EXPORT + "." + provider)));
            assertTrue(exporters.size() == 1, provider + " has exporters " + exporters);
        }
        classes().that().implement(TraceExporter.class).and().doNotHaveModifier(JavaModifier.ABSTRACT)
                .should().beAnnotatedWith(ApplicationScoped.class).check(WITH_TEST_PROVIDER);
    }

    @Test
    void onlyTheRegistryDependsOnItselfWithinExport() {
        noClasses().that().resideInAPackage(EXPORT + "..").and().resideOutsideOfPackage(EXPORT + ".registry")
                .should().dependOnClassesThat().resideInAPackage(EXPORT + ".registry").check(CLASSES);
    }
}
