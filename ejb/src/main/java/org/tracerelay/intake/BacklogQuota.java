package org.tracerelay.intake;

/**
 * How many waiting deliveries the relay, one tenant and one destination may hold, derived from the
 * disk the operator gives the database: {@code total = storageBudget / bytesPerTask}, a tenant
 * {@code tenantShare} of it, one destination (an app's backend) {@code destinationShare}. A task
 * waiting for one destination holds its sealed payload, its row, its delivery row and their index
 * entries; {@code bytesPerTask} is that, on average.
 *
 * @param total          waiting deliveries of all tenants past which intake refuses everyone
 * @param perTenant      waiting deliveries of one tenant past which intake refuses that tenant
 * @param perDestination waiting deliveries for one app's destination past which that app is refused
 */
public record BacklogQuota(long total, long perTenant, long perDestination) {

    public BacklogQuota {
        if (total < 1 || perTenant < 1 || perDestination < 1) {
            throw new IllegalArgumentException("backlog quotas must be positive: " + total + ", " + perTenant + ", " + perDestination);
        }
    }

    /**
     * The quotas of a storage budget. {@code maxBacklog}, when the operator sets one (above 0),
     * replaces the derived total; the shares apply to whichever total holds.
     */
    public static BacklogQuota derive(long storageBudgetBytes, long bytesPerTask, double tenantShare, double destinationShare,
                                      long maxBacklog) {
        if (storageBudgetBytes < 1 || bytesPerTask < 1) {
            throw new IllegalArgumentException("trace.storage.budget and trace.storage.task-bytes must be positive");
        }
        if (!(tenantShare > 0 && tenantShare <= 1) || !(destinationShare > 0 && destinationShare <= 1)) {
            throw new IllegalArgumentException("trace.intake.tenant-share and trace.intake.destination-share lie in (0, 1]");
        }
        long total = maxBacklog > 0 ? maxBacklog : Math.max(1, storageBudgetBytes / bytesPerTask);
        return new BacklogQuota(total, share(total, tenantShare), share(total, destinationShare));
    }

    private static long share(long total, double share) {
        return Math.max(1, (long) Math.floor(total * share));
    }

    /** Whether {@code waiting} reached {@code quota}: below it a request is admitted whole. */
    static boolean over(long waiting, long quota) {
        return waiting >= quota;
    }

    /** At half a quota or more, the backlog is counted again on the request (at most every 2 s). */
    static boolean near(long waiting, long quota) {
        return waiting >= quota / 2;
    }
}
