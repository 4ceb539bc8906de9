package org.tracerelay.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON text read into JSON-P values by Jackson's streaming parser. Parsson's parser took a third
 * of the relay's CPU at full load (JFR, README "Performance"): a task's JSON is read three times,
 * as the REST body, as the message the listener reads back, and as the stored envelope a drain
 * exports. The values are JSON-P's as before (last of a repeated key wins, numbers exact, nothing
 * after the value), so everything that reads them is unchanged.
 */
public final class JsonText {

    // The callers bound the input (REST and JMS bodies at 20 MiB), so no string limit of its own;
    // nesting is checked by the validator (64), Jackson's own default bound stays as a backstop.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonText() {
    }

    /** @throws JsonException when the text is not exactly one JSON value */
    public static JsonValue parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            return whole(p);
        } catch (IOException e) {
            throw new JsonException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /** UTF-8 (or UTF-16/32, detected) bytes; @throws JsonException when they are not exactly one JSON value */
    public static JsonValue parse(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return whole(p);
        } catch (IOException e) {
            throw new JsonException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /** A value of a message and the exact text it was read from. */
    public record Item(JsonValue value, String text) {
    }

    /**
     * The items of a top-level array (or the one value that is not an array), each with the text
     * it came as, so a caller can keep that text instead of writing the value out again.
     * @throws JsonException when the text is not exactly one JSON value
     */
    public static List<Item> items(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new JsonException("malformed JSON: no value");
            }
            List<Item> items = new ArrayList<>();
            if (first != JsonToken.START_ARRAY) {
                items.add(item(p, text));
            } else {
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t == null) {
                        throw new JsonException("malformed JSON: the array does not end");
                    }
                    items.add(item(p, text));
                }
            }
            if (p.nextToken() != null) {
                throw new JsonException("malformed JSON: more after the value");
            }
            return items;
        } catch (IOException e) {
            throw new JsonException("malformed JSON: " + e.getMessage(), e);
        }
    }

    // Character offsets of a String source: the value's first token, and just past its last
    // (exact for objects and arrays, which end on their bracket; a bare scalar keeps its value's text).
    private static Item item(JsonParser p, String text) throws IOException {
        int from = (int) p.currentTokenLocation().getCharOffset();
        JsonValue value = value(p);
        boolean bracketed = value instanceof JsonObject || value instanceof JsonArray;
        return new Item(value, bracketed ? text.substring(from, (int) p.currentLocation().getCharOffset()) : value.toString());
    }

    private static JsonValue whole(JsonParser p) throws IOException {
        if (p.nextToken() == null) {
            throw new JsonException("malformed JSON: no value");
        }
        JsonValue value = value(p);
        if (p.nextToken() != null) {
            throw new JsonException("malformed JSON: more after the value");
        }
        return value;
    }

    private static JsonValue value(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                JsonObjectBuilder b = PROVIDER.createObjectBuilder();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    p.nextToken();
                    b.add(name, value(p));
                }
                return b.build();
            }
            case START_ARRAY -> {
                JsonArrayBuilder b = PROVIDER.createArrayBuilder();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    b.add(value(p));
                }
                return b.build();
            }
            case VALUE_STRING -> {
                return PROVIDER.createValue(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT, LONG -> PROVIDER.createValue(p.getLongValue());
                    default -> PROVIDER.createValue(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return PROVIDER.createValue(p.getDecimalValue());
            }
            case VALUE_TRUE -> {
                return JsonValue.TRUE;
            }
            case VALUE_FALSE -> {
                return JsonValue.FALSE;
            }
            case VALUE_NULL -> {
                return JsonValue.NULL;
            }
            default -> throw new JsonException("malformed JSON: unexpected " + token);
        }
    }
}
