package org.tracerelay.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Jackson's reading gives the values Parsson's reader gave, and refuses what it refused. */
class JsonTextTest {

    static JsonValue parsson(String text) {
        try (var r = Jsonp.createReader(new StringReader(text))) {
            return r.readValue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "\"x\"", "0", "-12", "3.25", "1.0", "1e3", "-2.5E-7", "true", "false", "null",
        "12345678901234567890123", "0.1000000000000000055511151231257827",
        "{\"a\":1,\"b\":[1,2.50,{\"c\":null}],\"d\":\"\\u00e9\\n\\\"q\\\"\",\"e\":{\"f\":[[],{}]}}",
        "{\"k\":1,\"k\":2}", " [ 1 , \"\\ud83d\\ude00\" ] "})
    void readsTheSameValuesAsParsson(String text) {
        assertEquals(parsson(text), JsonText.parse(text));
        assertEquals(parsson(text), JsonText.parse(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(parsson(text).toString(), JsonText.parse(text).toString());
    }

    @Test
    void aRepeatedKeyKeepsTheLastValueAsParssonDid() {
        assertEquals(2, ((JsonObject) JsonText.parse("{\"k\":1,\"k\":2}")).getInt("k"));
    }

    @Test
    void numbersStayExact() {
        JsonNumber n = (JsonNumber) JsonText.parse("0.1000000000000000055511151231257827");
        assertEquals("0.1000000000000000055511151231257827", n.bigDecimalValue().toPlainString());
    }

    @Test
    void theSampleWorkflowReadsTheSame() throws Exception {
        String sample = Files.readString(Path.of("../examples/workflow-trace.json"));
        assertEquals(parsson(sample), JsonText.parse(sample));
    }

    @Test
    void itemsComeWithTheTextTheyWereReadFrom() {
        String text = " [ {\"a\":[1,{\"b\":\"}]\"}]} ,\n{ \"c\" : 2.50 },[],7, \"s\" ,{\"d\":\"\\u00e9\"}] ";
        java.util.List<JsonText.Item> items = JsonText.items(text);
        assertEquals(parsson(text), jakarta.json.Json.createArrayBuilder(items.stream().map(JsonText.Item::value).toList()).build());
        assertEquals(java.util.List.of("{\"a\":[1,{\"b\":\"}]\"}]}", "{ \"c\" : 2.50 }", "[]", "7", "\"s\"", "{\"d\":\"\\u00e9\"}"),
                items.stream().map(JsonText.Item::text).toList());
        items.forEach(i -> assertEquals(i.value(), JsonText.parse(i.text())));
        JsonText.Item one = JsonText.items(" {\"x\":1} ").get(0);
        assertEquals("{\"x\":1}", one.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[1,]", "[{}", "[{},", "[{}] {}", "[{}]]"})
    void itemsRefuseWhatIsNotExactlyOneValue(String text) {
        assertThrows(JsonException.class, () -> JsonText.items(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[1,]", "{\"a\"}", "{\"a\":1} x", "[1] [2]", "nul", "{'a':1}", "01x"})
    void refusesWhatIsNotExactlyOneValue(String text) {
        assertThrows(JsonException.class, () -> JsonText.parse(text));
        assertThrows(JsonException.class, () -> JsonText.parse(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static final JsonText.Bounds SMALL = new JsonText.Bounds(64, 2, 3, 8);

    static JsonText.OverBounds over(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonText.OverBounds fromStream = assertThrows(JsonText.OverBounds.class,
                () -> JsonText.values(new java.io.ByteArrayInputStream(bytes), SMALL));
        JsonText.OverBounds fromBytes = assertThrows(JsonText.OverBounds.class, () -> JsonText.items(bytes, SMALL, true));
        assertEquals(fromStream.bound(), fromBytes.bound());
        assertEquals(fromStream.path(), fromBytes.path());
        return fromStream;
    }

    @Test
    void boundedReadingRefusesAtTheFirstExcessAndSaysWhich() {
        assertEquals(JsonText.OverBounds.Bound.ITEMS, over("[{},{},{}]").bound());
        JsonText.OverBounds deep = over("[{},{\"a\":{\"b\":{\"c\":{}}}}]");
        assertEquals(JsonText.OverBounds.Bound.DEPTH, deep.bound());
        assertEquals("items[1]", deep.path());
        assertEquals(JsonText.OverBounds.Bound.VALUES, over("[[1,2,3,4,5,6,7,8]]").bound());
        assertEquals(JsonText.OverBounds.Bound.BYTES, over("[\"" + "x".repeat(100) + "\"]").bound());
        assertEquals(JsonText.OverBounds.Bound.BYTES, over("[\"" + "x".repeat(100)).bound(), "too large before it is malformed");
    }

    @Test
    void boundedReadingWithinTheBoundsReadsTheSameValuesAndTexts() {
        String text = "[{\"a\":[1,\"\u00e9\"]}, 7]";
        java.util.List<JsonText.Item> items = JsonText.items(text.getBytes(StandardCharsets.UTF_8), SMALL, true);
        assertEquals(JsonText.items(text), items);
        assertEquals(java.util.List.of(JsonText.parse("{\"a\":[1,\"\u00e9\"]}"), JsonText.parse("7")),
                JsonText.values(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), SMALL));
        assertEquals(null, JsonText.items(text.getBytes(StandardCharsets.UTF_8), SMALL, false).get(0).text(), "no texts asked for");
    }
}
