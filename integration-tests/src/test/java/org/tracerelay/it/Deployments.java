package org.tracerelay.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The EAR exactly as the build made it: tests deploy the product, not a test assembly. */
final class Deployments {

    private Deployments() {
    }

    /**
     * The manual container keeps the settings of its last start, so every start names them: the
     * suite's defaults, plus the given extra JVM arguments.
     */
    static java.util.Map<String, String> settings(String... extraJvmArguments) {
        return java.util.Map.of("javaVmArguments", System.getProperty("it.jvm.base") + " -Dtrace.relay.master.key="
                + System.getProperty("it.master.key") + (extraJvmArguments.length == 0 ? "" : " " + String.join(" ", extraJvmArguments)));
    }

    static EnterpriseArchive ear() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("ear.path")));
    }
}
