package org.tracerelay.export;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The longest a provider's credential check or project lookup may wait on its backend
 * ({@code trace.admin.check-timeout}): injected as {@code @Inject @CheckTimeout Duration}.
 */
@Qualifier
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER})
public @interface CheckTimeout {

    /** Reads the setting once for every provider. */
    @Dependent
    class Setting {

        @Inject
        @ConfigProperty(name = "trace.admin.check-timeout", defaultValue = "PT5S")
        Duration value;

        @Produces
        @CheckTimeout
        Duration checkTimeout() {
            return value;
        }
    }
}
