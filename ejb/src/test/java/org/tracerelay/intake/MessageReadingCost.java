package org.tracerelay.intake;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * By hand, not a test (surefire runs *Test only): the listener's CPU per message of 100 tasks
 * (Dify's ten forms, ten each) read as the relay's own against validated as a producer's.
 * {@code java -cp ejb/target/classes:ejb/target/test-classes:<test classpath> org.tracerelay.intake.MessageReadingCost}
 */
public final class MessageReadingCost {

    public static void main(String[] args) throws Exception {
        List<JsonObject> forms = MessageTasksTest.posted();
        JsonArrayBuilder posted = Json.createArrayBuilder();
        for (int i = 0; i < 100; i++) {
            posted.add(Json.createObjectBuilder(forms.get(i % 10)).add("task_id", UUID.randomUUID().toString()));
        }
        String body = MessageTasksTest.relayBody(posted.build().getValuesAs(JsonObject.class));
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        for (int pass = 0; pass < 3; pass++) {
            System.out.printf("pass %d: relay's own %.1f us/message, validated %.1f us/message (%d bytes, 100 tasks)%n", pass,
                    microsPerRead(body, true, rounds), microsPerRead(body, false, rounds), body.length());
        }
    }

    private static double microsPerRead(String body, boolean relays, int rounds) {
        MessageTasks reader = new MessageTasks();
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += reader.read(utf8(body), "ID:" + i, relays).tasks().size();
        }
        long took = System.nanoTime() - start;
        if (sink != 100L * rounds) {
            throw new IllegalStateException("read " + sink);
        }
        return took / 1000.0 / rounds;
    }

    static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
