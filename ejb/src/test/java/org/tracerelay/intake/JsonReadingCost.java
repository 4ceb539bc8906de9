package org.tracerelay.intake;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.tracerelay.json.JsonText;
import org.tracerelay.json.Jsonp;

/**
 * By hand, not a test (surefire runs *Test only): CPU per read of a message of 100 tasks (Dify's
 * ten forms, ten each), Parsson's reader against {@link JsonText} (Jackson's parser).
 * {@code java -cp ejb/target/classes:ejb/target/test-classes:<test classpath> org.tracerelay.intake.JsonReadingCost}
 */
public final class JsonReadingCost {

    public static void main(String[] args) throws Exception {
        List<JsonObject> forms = MessageTasksTest.posted();
        JsonArrayBuilder posted = Jsonp.createArrayBuilder();
        for (int i = 0; i < 100; i++) {
            posted.add(Jsonp.createObjectBuilder(forms.get(i % 10)).add("task_id", UUID.randomUUID().toString()));
        }
        String body = posted.build().toString();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Function<String, JsonValue> parsson = text -> {
            try (var r = Jsonp.createReader(new StringReader(text))) {
                return r.readValue();
            }
        };
        for (int pass = 0; pass < 3; pass++) {
            System.out.printf("pass %d: Parsson %.1f us/message, Jackson into JSON-P %.1f us/message (%d chars, 100 tasks)%n", pass,
                    micros(body, parsson, rounds), micros(body, JsonText::parse, rounds), body.length());
        }
    }

    private static double micros(String body, Function<String, JsonValue> parse, int rounds) {
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += parse.apply(body).asJsonArray().size();
        }
        long took = System.nanoTime() - start;
        if (sink != 100L * rounds) {
            throw new IllegalStateException("read " + sink);
        }
        return took / 1000.0 / rounds;
    }
}
