package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tracerelay.json.JsonText;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.IntakeLimits;

/** Memory the reading of the worst shapes of body costs, measured as bytes the reading thread allocates. */
class IntakeMemoryTest {

    static final long MIB = 1024 * 1024;

    /** A 20 MiB body of one task holding {@code filler} repeated in an array (tiny numbers, empty objects...). */
    static byte[] oneTaskOf(String filler, long size) {
        String head = "[{\"app_id\":\"3f1c2a4e-8b7d-4e2a-9c1f-5d6e7f8a9b0c\",\"trace_info_type\":\"ModerationTraceInfo\",\"trace_info\":"
                + "{\"message_id\":\"m\",\"flagged\":false,\"action\":\"direct_output\",\"preset_response\":\"\",\"query\":\"q\",\"metadata\":{\"a\":[";
        String tail = "]}}}]";
        StringBuilder b = new StringBuilder((int) size).append(head).append(filler);
        while (b.length() + filler.length() + 1 + tail.length() <= size) {
            b.append(',').append(filler);
        }
        return b.append(tail).toString().getBytes(StandardCharsets.UTF_8);
    }

    static long allocated(Supplier<?> read) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        Object kept = read.get();
        long after = threads.getThreadAllocatedBytes(id);
        if (kept == null) {
            throw new AssertionError("nothing read");
        }
        return after - before;
    }

    static byte[] tasksWithText(int tasks, char c, long size) {
        String one = "{\"app_id\":\"3f1c2a4e-8b7d-4e2a-9c1f-5d6e7f8a9b0c\",\"trace_info_type\":\"ModerationTraceInfo\",\"trace_info\":"
                + "{\"message_id\":\"m\",\"flagged\":false,\"action\":\"direct_output\",\"preset_response\":\"\",\"query\":\"%s\",\"metadata\":{}}}";
        int room = (int) ((size - 2 - tasks * (one.length() + 1)) / tasks / String.valueOf(c).getBytes(StandardCharsets.UTF_8).length);
        String item = one.formatted("x" + String.valueOf(c).repeat(room - 1));
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < tasks; i++) {
            b.append(i == 0 ? "" : ",").append(item);
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private final ReadingMemory memory = new ReadingMemory(1024);

    private long reserved(byte[] body) {
        return memory.costKib(body.length) * 1024L;
    }

    /**
     * 20 MiB of the smallest values there are: as JSON-P trees they took 480 MiB (REST) and
     * 500 MiB (JMS) before; now reading stops at the value budget.
     */
    @Test
    void theWorstShapesAreRefusedWhileTheyStreamWithinWhatIsReservedForThem() {
        for (String filler : List.of("0", "{}", "\"\"", "[]")) {
            byte[] body = oneTaskOf(filler, IntakeLimits.MAX_BYTES);
            long rest = allocated(() -> assertThrows(JsonText.OverBounds.class,
                    () -> JsonText.values(new ByteArrayInputStream(body), IntakeLimits.REQUEST)));
            long jms = allocated(() -> {
                MessageTasks.Read read = new MessageTasks().read(body, "ID:1", false);
                assertEquals(List.of(new Violation("", "more than " + IntakeLimits.MAX_VALUES + " JSON values")), read.violations());
                return read;
            });
            System.out.printf("20 MiB of %s: REST read %d MiB, JMS read %d MiB, reserved %d MiB%n", filler, rest / MIB, jms / MIB,
                    reserved(body) / MIB);
            assertTrue(rest <= reserved(body), filler + ": REST read " + rest);
            assertTrue(jms + body.length <= reserved(body), filler + ": JMS read " + jms);
        }
    }

    /** The largest bodies that are read whole: one string, or a thousand tasks, of ASCII or of text stored as UTF-16. */
    @Test
    void theLargestAcceptedBodiesStayWithinWhatIsReservedForThem() {
        for (int tasks : new int[] {1, 1000}) {
            for (char c : new char[] {'a', '\u0101'}) {
                byte[] body = tasksWithText(tasks, c, IntakeLimits.MAX_BYTES);
                long rest = allocated(() -> JsonText.values(new ByteArrayInputStream(body), IntakeLimits.REQUEST));
                long jms = allocated(() -> new MessageTasks().read(body, "ID:1", false));
                long relay = allocated(() -> new MessageTasks().read(body, "ID:1", true));
                System.out.printf("%d task(s) of '%s' (%d bytes): REST read %d MiB, JMS read %d MiB, relay's read %d MiB, reserved %d MiB%n",
                        tasks, c, body.length, rest / MIB, jms / MIB, relay / MIB, reserved(body) / MIB);
                // A message's body is held twice besides (the broker client's buffer and the listener's copy).
                assertTrue(rest <= reserved(body), "REST " + rest);
                assertTrue(jms + 2L * body.length <= reserved(body), "JMS " + jms);
                assertTrue(relay + 2L * body.length <= reserved(body), "relay " + relay);
            }
        }
    }
}
