package org.tracerelay.broker;

/**
 * The relay's intake address however a client spells it: TraceTasks, the WildFly prefix
 * jms.queue.TraceTasks, or a fully qualified TraceTasks::queue. A send without an address is
 * treated as one to it, since the broker may route it there by the producer's default.
 */
final class IntakeAddress {

    static final String NAME = "TraceTasks";
    private static final String JMS_QUEUE_PREFIX = "jms.queue.";

    private IntakeAddress() {
    }

    static boolean matches(String address) {
        if (address == null || address.isEmpty()) {
            return true;
        }
        int fqqn = address.indexOf("::");
        String name = fqqn < 0 ? address : address.substring(0, fqqn);
        if (name.startsWith(JMS_QUEUE_PREFIX)) {
            name = name.substring(JMS_QUEUE_PREFIX.length());
        }
        return NAME.equals(name);
    }
}
