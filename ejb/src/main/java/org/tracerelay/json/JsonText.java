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
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
     * What a document read by {@link #items} may hold, checked token by token while it streams, so
     * an excess is refused before the rest is read or held: its bytes (UTF-8), its top-level items,
     * how deep an item nests (an item is level 1) and how many values (objects, arrays, strings,
     * numbers, literals) it holds in all. The value count bounds the tree: a value of a few bytes of
     * text costs tens of bytes as JSON-P. Strings and numbers are bounded by the bytes and by Jackson's
     * number length (1000 digits).
     */
    public static final class Bounds {
        private final long maxBytes;
        private final int maxItems;
        private final int maxItemDepth;
        private final long maxValues;
        private final JsonFactory factory;

        public Bounds(long maxBytes, int maxItems, int maxItemDepth, long maxValues) {
            this.maxBytes = maxBytes;
            this.maxItems = maxItems;
            this.maxItemDepth = maxItemDepth;
            this.maxValues = maxValues;
            this.factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(maxBytes).maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes))
                    .maxNestingDepth(maxItemDepth + 2).build()).build();
        }

        public long maxBytes() {
            return maxBytes;
        }

        public long maxValues() {
            return maxValues;
        }
    }

    /**
     * A document over one of its {@link Bounds}: which, where (empty for the whole document,
     * {@code items[i]} for an item's depth) and why.
     */
    public static final class OverBounds extends JsonException {
        /** The bound exceeded. */
        public enum Bound { BYTES, ITEMS, DEPTH, VALUES }

        private final Bound bound;
        private final String path;

        OverBounds(Bound bound, String path, String message) {
            super(message);
            this.bound = bound;
            this.path = path;
        }

        public Bound bound() {
            return bound;
        }

        public String path() {
            return path;
        }
    }

    /**
     * The items of a top-level array (or the one value that is not an array), each with the text
     * it came as, so a caller can keep that text instead of writing the value out again.
     * @throws JsonException when the text is not exactly one JSON value
     */
    public static List<Item> items(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            return new Walk(p, null, text, null).items();
        } catch (IOException e) {
            throw new JsonException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The same of UTF-8 bytes within {@code bounds}; with {@code texts}, each item's text decoded
     * from its own bytes (the document is never one String), else none.
     * @throws OverBounds at the first token past a bound
     * @throws JsonException when the bytes are not exactly one JSON value
     */
    public static List<Item> items(byte[] bytes, Bounds bounds, boolean texts) {
        if (bytes.length > bounds.maxBytes) {
            throw new OverBounds(OverBounds.Bound.BYTES, "", "larger than " + bounds.maxBytes + " bytes");
        }
        try (JsonParser p = bounds.factory.createParser(bytes)) {
            return new Walk(p, bounds, null, texts ? bytes : null).items();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /**
     * The items of a body read from {@code in} within {@code bounds}, without their texts: the
     * stream is read as the parser goes and never held whole, and no more than the bound's bytes
     * (and a buffer) are read from it.
     * @throws OverBounds at the first token past a bound, or when the body is larger than allowed
     * @throws JsonException when the bytes are not exactly one JSON value
     */
    public static List<JsonValue> values(InputStream in, Bounds bounds) {
        try (JsonParser p = bounds.factory.createParser(new Capped(in, bounds.maxBytes))) {
            return new Walk(p, bounds, null, null).items().stream().map(Item::value).toList();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private static JsonException malformed(IOException e) {
        // Jackson's own document length backstops the count of a byte source.
        if (e instanceof Capped.Exceeded || e.getCause() instanceof Capped.Exceeded
                || e instanceof StreamConstraintsException && String.valueOf(e.getMessage()).startsWith("Document length")) {
            return new OverBounds(OverBounds.Bound.BYTES, "", "larger than the allowed bytes");
        }
        return new JsonException("malformed JSON: " + e.getMessage(), e);
    }

    /** An input stream that fails once more than {@code max} bytes came through it. */
    private static final class Capped extends FilterInputStream {
        static final class Exceeded extends IOException {
            Exceeded() {
                super("too large");
            }
        }

        private long left;

        Capped(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new Exceeded();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, (int) Math.min(len, Math.max(1, left + 1)));
            if (n > 0 && (left -= n) < 0) {
                throw new Exceeded();
            }
            return n;
        }
    }

    /** One pass over a document: its items, counted and bounded as they come. */
    private static final class Walk {
        private final JsonParser p;
        private final Bounds bounds;
        private final String text;
        private final byte[] bytes;
        private long values;
        private int index;

        Walk(JsonParser p, Bounds bounds, String text, byte[] bytes) {
            this.p = p;
            this.bounds = bounds;
            this.text = text;
            this.bytes = bytes;
        }

        /** Exactly one value, unbounded (the caller bounds the input). */
        JsonValue whole() throws IOException {
            if (p.nextToken() == null) {
                throw new JsonException("malformed JSON: no value");
            }
            JsonValue value = value(1);
            if (p.nextToken() != null) {
                throw new JsonException("malformed JSON: more after the value");
            }
            return value;
        }

        List<Item> items() throws IOException {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new JsonException("malformed JSON: no value");
            }
            List<Item> items = new ArrayList<>();
            if (first != JsonToken.START_ARRAY) {
                items.add(item());
            } else {
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t == null) {
                        throw new JsonException("malformed JSON: the array does not end");
                    }
                    if (bounds != null && items.size() == bounds.maxItems) {
                        throw new OverBounds(OverBounds.Bound.ITEMS, "items", "at most " + bounds.maxItems + " tasks");
                    }
                    index = items.size();
                    items.add(item());
                }
            }
            if (p.nextToken() != null) {
                throw new JsonException("malformed JSON: more after the value");
            }
            return items;
        }

        // Offsets of the value's first token and just past its last (exact for objects and
        // arrays, which end on their bracket; a bare scalar keeps its value's text): characters of
        // a String source, bytes of a byte source.
        private Item item() throws IOException {
            long from = text != null ? p.currentTokenLocation().getCharOffset() : p.currentTokenLocation().getByteOffset();
            JsonValue value = value(1);
            boolean bracketed = value instanceof JsonObject || value instanceof JsonArray;
            if (text == null && bytes == null) {
                return new Item(value, null);
            }
            if (!bracketed) {
                return new Item(value, value.toString());
            }
            if (text != null) {
                return new Item(value, text.substring((int) from, (int) p.currentLocation().getCharOffset()));
            }
            int to = (int) p.currentLocation().getByteOffset();
            return new Item(value, new String(bytes, (int) from, to - (int) from, StandardCharsets.UTF_8));
        }

        private JsonValue value(int level) throws IOException {
            if (bounds != null) {
                if (++values > bounds.maxValues) {
                    throw new OverBounds(OverBounds.Bound.VALUES, "", "more than " + bounds.maxValues + " JSON values");
                }
                if (level > bounds.maxItemDepth) {
                    throw new OverBounds(OverBounds.Bound.DEPTH, "items[" + index + "]", "nested deeper than " + bounds.maxItemDepth + " levels");
                }
            }
            JsonToken token = p.currentToken();
            switch (token) {
                case START_OBJECT -> {
                    JsonObjectBuilder b = PROVIDER.createObjectBuilder();
                    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                        p.nextToken();
                        b.add(name, value(level + 1));
                    }
                    return b.build();
                }
                case START_ARRAY -> {
                    JsonArrayBuilder b = PROVIDER.createArrayBuilder();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        b.add(value(level + 1));
                    }
                    return b.build();
                }
                default -> {
                    return scalar(p);
                }
            }
        }
    }

    private static JsonValue whole(JsonParser p) throws IOException {
        return new Walk(p, null, null, null).whole();
    }

    private static JsonValue scalar(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
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
