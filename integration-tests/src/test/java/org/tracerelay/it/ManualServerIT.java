package org.tracerelay.it;

import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests that start, stop and kill the server themselves, each start with its own settings: the
 * manual container of arquillian.xml with the EAR deployed on demand.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class ManualServerIT {

    static final String SERVER = "wildfly-manual";
    static final String RELAY = "relay";

    @ArquillianResource
    ContainerController controller;

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = RELAY, managed = false, testable = false)
    @TargetsContainer(SERVER)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    /** Starts the server with the suite's settings plus these JVM arguments, and deploys the relay. */
    void startRelay(String... extraJvmArguments) {
        controller.start(SERVER, Deployments.settings(extraJvmArguments));
        deployer.deploy(RELAY);
    }

    void stopRelay() {
        deployer.undeploy(RELAY);
        controller.stop(SERVER);
    }
}
