package org.tracerelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** WildFly's resident memory and CPU time, read from /proc (Linux). */
final class ServerProcess {

    private static final double TICKS_PER_SECOND = 100.0;
    private final long pid;

    private ServerProcess(long pid) {
        this.pid = pid;
    }

    static Optional<ServerProcess> find() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar")
                && c.contains("[Standalone]")).orElse(false)).findFirst().map(p -> new ServerProcess(p.pid()));
    }

    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** User + system CPU seconds so far. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
