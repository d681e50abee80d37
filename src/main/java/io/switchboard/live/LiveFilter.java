package io.switchboard.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.auth.Principal;
import io.switchboard.entity.EntityEvent;
import io.switchboard.pubsub.EventFilter;
import io.switchboard.pubsub.RoutedEvent;
import io.switchboard.realtime.Realtime;
import io.switchboard.realtime.TopicMessage;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A /live subscription's filter: the subscriber may read the row (peek alone receives nothing),
 * {@code EventType} is one of the wanted ones ({@code "create|update"}), and every other filter key
 * equals the event data's value (strings, numbers, booleans), all ANDed.
 */
final class LiveFilter implements EventFilter {
    private final Principal principal;
    private final Set<String> eventTypes;
    private final Map<String, JsonNode> equals;

    private LiveFilter(Principal principal, Set<String> eventTypes, Map<String, JsonNode> equals) {
        this.principal = principal;
        this.eventTypes = eventTypes;
        this.equals = equals;
    }

    /** Builds the filter from the subscribe request's {@code filters}; an IllegalArgumentException says what is wrong. */
    static LiveFilter of(Principal principal, JsonNode filters) {
        Set<String> types = null;
        Map<String, JsonNode> eq = new HashMap<>();
        if (filters != null && !filters.isNull()) {
            if (!filters.isObject()) throw new IllegalArgumentException("filters must be an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = filters.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("EventType")) {
                    if (!f.getValue().isTextual()) throw new IllegalArgumentException("EventType must be a string such as \"create|update\"");
                    types = Set.of(f.getValue().asText().toLowerCase(java.util.Locale.ROOT).split("\\s*\\|\\s*"));
                } else {
                    if (!f.getValue().isValueNode() || f.getValue().isNull()) {
                        throw new IllegalArgumentException("filter " + f.getKey() + " must be a string, number or boolean");
                    }
                    eq.put(f.getKey(), f.getValue());
                }
            }
        }
        return new LiveFilter(principal, types, eq);
    }

    @Override
    public boolean accepts(RoutedEvent event) {
        return accepts(Realtime.eventOf(event.payload()));
    }

    /** The same decision for a remembered event being replayed. */
    boolean accepts(Object p) {
        if (p instanceof EntityEvent ev) {
            if (!Realtime.mayRead(principal, ev.row())) return false;
            if (eventTypes != null && !eventTypes.contains(ev.type().wireName())) return false;
            for (Map.Entry<String, JsonNode> e : equals.entrySet()) {
                if (!matches(ev.row().attributes().get(e.getKey()), e.getValue())) return false;
            }
            return true;
        }
        if (p instanceof TopicMessage tm) {
            if (eventTypes != null && !eventTypes.contains("new-message")) return false;
            for (Map.Entry<String, JsonNode> e : equals.entrySet()) {
                JsonNode v = tm.message().get(e.getKey());
                if (v == null || !matches(v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText(), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return false; // PublishedEvent and anything else: not part of this dialect
    }

    private static boolean matches(Object actual, JsonNode wanted) {
        if (actual == null) return false;
        if (wanted.isNumber() && actual instanceof Number n) return n.doubleValue() == wanted.asDouble();
        if (wanted.isBoolean() && actual instanceof Boolean b) return b == wanted.asBoolean();
        return String.valueOf(actual).equals(wanted.asText());
    }
}
