package io.switchboard.entity;

import java.util.List;
import java.util.Map;

/**
 * One row as a reader sees it: password columns are never in {@code attributes}. Attributes hold
 * JSON-ready values (String, Long, Double, Boolean, JsonNode, null) and include the standard
 * columns (reference_id, permission, owner, created_at, updated_at) and {@code usergroups}.
 */
public record EntityRow(String table, String referenceId, String owner, int permission, List<String> usergroups,
                        Map<String, Object> attributes) {
    public EntityRow {
        usergroups = List.copyOf(usergroups);
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }
}
