package org.tracerelay.delivery;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Optional;
import org.tracerelay.config.AppDestinations;
import org.tracerelay.config.OpenDestination;
import org.tracerelay.export.registry.DeploymentDestinations;
import org.tracerelay.outbox.RouteKey;

/** Turns a delivery's destination key back into a destination with its secrets opened. */
@Stateless
public class DestinationDirectory {

    @Inject
    AppDestinations apps;

    @Inject
    DeploymentDestinations deploymentWide;

    /** Empty when the app's config for that provider was deleted since the task was routed. */
    public Optional<OpenDestination> resolve(String key) {
        if (deploymentWide.names(key)) {
            return deploymentWide.enabled(key).map(d -> new OpenDestination(d, null));
        }
        return apps.of(RouteKey.parse(key));
    }
}
