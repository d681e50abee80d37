package io.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.Json;
import io.switchboard.auth.Principal;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKey;
import io.switchboard.config.ConfigKeys;
import io.switchboard.store.StoredConfig;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * {@code /_config}: administrators read the effective configuration (secrets never) and store
 * values that apply live where the key allows. Environment and {@code --set} pins win on this
 * node; {@code X-Config-Overridden} names them.
 */
public final class ConfigRoutes {
    private final Config config;
    private final StoredConfig stored;
    private final BiConsumer<String, String> changed;

    /** {@code changed} hears (key, value-or-null) after each stored change (the cluster bus forwards it). */
    public ConfigRoutes(Config config, StoredConfig stored, BiConsumer<String, String> changed) {
        this.config = config;
        this.stored = stored;
        this.changed = changed;
    }

    public void register(Router r) {
        r.get("/_config", this::all);
        r.get("/_config/backend/{key}", this::get);
        r.put("/_config/backend/{key}", this::put);
        r.post("/_config/backend/{key}", this::put);
        r.delete("/_config/backend/{key}", this::remove);
    }

    private static void requireAdmin(ApiRequest req) {
        Principal p = req.requireUser();
        if (!p.isAdministrator()) throw ApiException.forbidden("administrators only");
    }

    private ApiResponse all(ApiRequest req) {
        requireAdmin(req);
        Map<String, String> view = config.effectiveView();
        TreeSet<String> overridden = new TreeSet<>();
        for (String k : view.keySet()) if (config.isOverridden(k)) overridden.add(k);
        return ApiResponse.ok(view).header("X-Config-Overridden", String.join(",", overridden));
    }

    private ApiResponse get(ApiRequest req) {
        requireAdmin(req);
        String key = req.pathParam("key");
        ConfigKey k = ConfigKeys.find(key);
        if (k != null && k.secret()) throw ApiException.forbidden("secret keys are never shown");
        if (k == null && !config.effectiveView().containsKey(key)) throw ApiException.notFound("no config key " + key);
        return ApiResponse.ok(config.get(key));
    }

    private ApiResponse put(ApiRequest req) throws Exception {
        requireAdmin(req);
        String key = req.pathParam("key");
        if (!key.matches("[A-Za-z0-9_.\\-]{1,200}")) throw ApiException.badRequest("bad config key");
        String value = valueOf(req);
        ConfigKey k = ConfigKeys.find(key);
        if (k != null) validate(k, value);
        stored.put(key, value);
        config.setStored(key, value);
        changed.accept(key, value);
        ObjectNode out = Json.object();
        out.put("key", key);
        out.put("value", k != null && k.secret() ? "***" : value);
        out.put("effective", k != null && k.secret() ? "***" : config.get(key));
        out.put("overridden", config.isOverridden(key));
        out.put("applies", k == null || k.hot() ? "now" : "after restart");
        return ApiResponse.ok(out);
    }

    private ApiResponse remove(ApiRequest req) throws Exception {
        requireAdmin(req);
        String key = req.pathParam("key");
        if (!stored.remove(key)) throw ApiException.notFound("no stored value for " + key);
        config.removeStored(key);
        changed.accept(key, null);
        return ApiResponse.noContent();
    }

    /** The body is a JSON value ({@code "true"}, {@code true}, {@code 5}); raw text and {@code value=} forms too. */
    private static String valueOf(ApiRequest req) {
        String text = req.bodyText().trim();
        if (text.isEmpty()) throw ApiException.badRequest("send the value as the body, e.g. \"true\"");
        if (req.mediaType().equals("application/x-www-form-urlencoded") && text.startsWith("value=")) {
            return java.net.URLDecoder.decode(text.substring(6), java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            JsonNode v = Json.parse(text);
            if (v.isTextual()) return v.asText();
            if (v.isValueNode() && !v.isNull()) return v.asText();
            if (v.isObject() && v.has("value") && v.get("value").isValueNode()) return v.get("value").asText();
            throw ApiException.badRequest("the value must be a JSON string, number or boolean");
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static void validate(ConfigKey k, String value) {
        String def = k.defaultValue();
        if (def.equals("true") || def.equals("false")) {
            if (!value.equals("true") && !value.equals("false")) throw ApiException.badRequest(k.name() + " must be \"true\" or \"false\"");
        } else if (!def.isEmpty() && def.matches("-?\\d+")) {
            if (!value.trim().matches("-?\\d+")) throw ApiException.badRequest(k.name() + " must be a whole number");
        } else if (!def.isEmpty() && def.matches("-?\\d+\\.\\d+")) {
            try {
                Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(k.name() + " must be a number");
            }
        }
        if (k == ConfigKeys.WS_SLOW_CONSUMER && !value.equals("close") && !value.equals("drop")) {
            throw ApiException.badRequest("ws.slow_consumer must be close or drop");
        }
        if (k == ConfigKeys.YJS_FSYNC && !value.matches("batch|always|never")) {
            throw ApiException.badRequest("yjs.fsync must be batch, always or never");
        }
        if (k == ConfigKeys.LOG_LEVEL && !value.matches("trace|debug|info|warn|error")) {
            throw ApiException.badRequest("log.level must be trace, debug, info, warn or error");
        }
    }
}
