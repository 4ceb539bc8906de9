package org.tracerelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resident memory and CPU time of a process (WildFly, the peer collector), or of a process and
 * its children (PostgreSQL's postmaster and backends), read from /proc (Linux).
 */
final class ProcessStats {

    private static final double TICKS_PER_SECOND = 100.0;
    private final long pid;
    private final boolean withChildren;

    private ProcessStats(long pid, boolean withChildren) {
        this.pid = pid;
        this.withChildren = withChildren;
    }

    static ProcessStats of(long pid) {
        return new ProcessStats(pid, false);
    }

    static Optional<ProcessStats> wildfly() {
        return wildflyWith("[Standalone]");
    }

    /** The WildFly node bin/cluster started as {@code name}. */
    static Optional<ProcessStats> wildflyNode(String name) {
        return wildflyWith("-Djboss.node.name=" + name + " ");
    }

    private static Optional<ProcessStats> wildflyWith(String argument) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar")
                && c.contains(argument)).orElse(false)).findFirst().map(p -> of(p.pid()));
    }

    /**
     * The private PostgreSQL of {@code dataDir} (bin/run's, holding cluster/): its postmaster's pid
     * is the first line of postmaster.pid. Without that file, a postmaster whose command line names
     * the directory, else the only {@code postgres} process whose parent is not one.
     */
    static Optional<ProcessStats> postgres(Path dataDir) {
        if (dataDir != null) {
            for (Path pidFile : List.of(dataDir.resolve("cluster/postmaster.pid"), dataDir.resolve("postmaster.pid"))) {
                try {
                    return Optional.of(new ProcessStats(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()), true));
                } catch (IOException | RuntimeException e) {
                    // not this layout
                }
            }
        }
        List<ProcessHandle> postmasters = ProcessHandle.allProcesses().filter(ProcessStats::isPostgres)
                .filter(p -> p.parent().map(parent -> !isPostgres(parent)).orElse(true)).toList();
        Optional<ProcessHandle> named = dataDir == null ? Optional.empty() : postmasters.stream()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir.toString())).orElse(false)).findFirst();
        // Another server's PostgreSQL may run beside this one: without a name, only a single one is safe to take.
        return named.or(() -> postmasters.size() == 1 ? Optional.of(postmasters.get(0)) : Optional.empty())
                .map(p -> new ProcessStats(p.pid(), true));
    }

    private static boolean isPostgres(ProcessHandle p) {
        return p.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres")).orElse(false);
    }

    long pid() {
        return pid;
    }

    private Stream<Long> pids() {
        Stream<Long> self = Stream.of(pid);
        return withChildren ? Stream.concat(self, ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .map(ProcessHandle::pid)) : self;
    }

    /**
     * Resident bytes. With children, their proportional share (PSS), so that the shared buffers
     * every backend maps count once; VmRSS where smaps_rollup cannot be read.
     */
    long rssBytes() {
        String file = withChildren && kb(pid, "smaps_rollup", "Pss:") >= 0 ? "smaps_rollup" : "status";
        String field = file.equals("status") ? "VmRSS:" : "Pss:";
        if (kb(pid, file, field) < 0) {
            return -1;
        }
        return pids().mapToLong(p -> kb(p, file, field)).filter(k -> k >= 0).sum() * 1024;
    }

    private static long kb(long pid, String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/" + file))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** User + system CPU seconds so far; with children, also those that ended and were waited for. */
    double cpuSeconds() {
        double own = ticks(pid, withChildren);
        if (own < 0) {
            return -1;
        }
        return (own + pids().skip(1).mapToDouble(p -> Math.max(0, ticks(p, false))).sum()) / TICKS_PER_SECOND;
    }

    private static double ticks(long pid, boolean reaped) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return reaped ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
