package org.tracerelay.export.registry;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import org.tracerelay.export.TracingProvider;

/**
 * The providers a deployment would discover, found without a container: every concrete class
 * under {@code export} implementing {@link TracingProvider}, built with its no-argument
 * constructor, as CDI builds its bean. Nothing here lists a provider.
 */
public final class ClassPathProviders {

    private static final Providers SHIPPED = new Providers(found(false));

    private ClassPathProviders() {
    }

    /** The providers of the main code: what the EAR ships. */
    public static Providers shipped() {
        return SHIPPED;
    }

    /** The shipped providers plus those only the test classes declare. */
    public static Providers withTestProviders() {
        return new Providers(found(true));
    }

    private static List<TracingProvider> found(boolean withTests) {
        ClassFileImporter importer = new ClassFileImporter();
        if (!withTests) {
            importer = importer.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
        }
        List<TracingProvider> providers = new ArrayList<>();
        for (JavaClass c : importer.importPackages("org.tracerelay.export")) {
            if (c.isAssignableTo(TracingProvider.class) && !c.isInterface() && !c.getModifiers().contains(JavaModifier.ABSTRACT)) {
                try {
                    Constructor<?> bean = c.reflect().getDeclaredConstructor();
                    bean.setAccessible(true);
                    providers.add((TracingProvider) bean.newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("provider " + c.getName() + " cannot be built as a bean", e);
                }
            }
        }
        return providers;
    }
}
