package org.tracerelay.operator;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.tracerelay.health.IntakeReadinessCheck;

/**
 * Every {@code trace.operator.node-report} this node runs its own readiness check and writes the
 * answer to its row, so the operator view on any node shows every node. A node that cannot reach
 * the database writes nothing: its row goes silent, which the view shows.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeReport {

    private static final Logger LOG = Logger.getLogger(NodeReport.class.getName());

    /** The node's name in a cluster (bin/cluster sets it; WildFly's default is the host name). */
    static final String NODE = System.getProperty("jboss.node.name", "node");

    @Resource
    TimerService timerService;

    @Inject
    @Readiness
    IntakeReadinessCheck readiness;

    @Inject
    RelayNodes nodes;

    @Inject
    @ConfigProperty(name = "trace.operator.node-report", defaultValue = "PT10S")
    Duration period;

    @PostConstruct
    void schedule() {
        long millis = Math.max(1000, period.toMillis());
        timerService.createIntervalTimer(0, millis, new TimerConfig("trace-relay-node-report", false));
    }

    @Timeout
    void report() {
        try {
            HealthCheckResponse answer = readiness.call();
            String detail = answer.getData().map(Object::toString).orElse("");
            nodes.report(NODE, answer.getStatus() == HealthCheckResponse.Status.UP, detail, Instant.now());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "node report not written", e);
        }
    }
}
