package io.switchboard.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.auth.Principal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Actions ({@code POST /action/{type}/{name}}), listed by {@code GET /api/action}. Their answer is
 * an array of client instructions as the seed system's clients expect (api.md).
 */
public final class ActionRegistry {
    /** The caller and the action's input. */
    public record Call(Principal principal, JsonNode attributes, String clientIp) {
    }

    /** HTTP status, the instruction array, and extra response headers (e.g. Set-Cookie). */
    public record Result(int status, ArrayNode instructions, Map<String, String> headers) {
        public static Result ok(ArrayNode instructions) {
            return new Result(200, instructions, Map.of());
        }
    }

    /** Runs one action; blocking is fine (actions run on the blocking executor). */
    @FunctionalInterface
    public interface Handler {
        Result run(Call call) throws Exception;
    }

    /** One registered action, with the fields it takes (for discovery). */
    public record Action(String onType, String name, List<String> inFields, Handler handler) {
    }

    private final Map<String, Action> actions = new ConcurrentHashMap<>();

    public void register(Action action) {
        actions.put(action.onType() + "/" + action.name(), action);
    }

    public Action find(String onType, String name) {
        return actions.get(onType + "/" + name);
    }

    public List<Action> all() {
        return actions.values().stream()
                .sorted(java.util.Comparator.comparing(Action::onType).thenComparing(Action::name)).toList();
    }
}
