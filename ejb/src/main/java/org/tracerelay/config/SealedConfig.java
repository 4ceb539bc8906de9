package org.tracerelay.config;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.json.Jsonp;

/**
 * The stored form of a config: a JSON object whose secret fields hold ciphertext and whose plain
 * fields are kept as given. Opened, it has the model's fields in the model's order, a field the
 * stored form lacks as "" (a field added to the model later), and nothing the model does not name.
 */
final class SealedConfig {

    private SealedConfig() {
    }

    static String seal(ProviderModel model, Map<String, String> plain, FieldCipher cipher) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder();
        plain.forEach((field, value) -> b.add(field, model.isSecret(field) && !value.isEmpty() ? cipher.seal(field, value) : value));
        return b.build().toString();
    }

    static Map<String, String> open(ProviderModel model, String stored, FieldCipher cipher) {
        JsonObject json = Jsonp.createReader(new StringReader(stored)).readObject();
        Map<String, String> plain = new LinkedHashMap<>();
        for (ConfigField f : model.fields()) {
            String v = json.get(f.name()) instanceof JsonString s ? s.getString() : "";
            plain.put(f.name(), f.secret() && !v.isEmpty() ? cipher.open(f.name(), v) : v);
        }
        return plain;
    }
}
