package io.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.entity.ListQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code page[number]}, {@code page[size]}, {@code sort}, {@code filter[column]=value}, a
 * plain {@code filter=text} (substring match over text columns) and the seed's
 * {@code query=[{"column","operator","value"}]} from a list URL.
 */
final class ListQueryParser {
    private ListQueryParser() {
    }

    static ListQuery parse(ApiRequest req) {
        int number = intParam(req, "page[number]", 1);
        int size = intParam(req, "page[size]", ListQuery.DEFAULT_PAGE_SIZE);
        List<ListQuery.Sort> sorts = new ArrayList<>();
        String sort = req.queryParam("sort");
        if (sort != null && !sort.isBlank()) {
            for (String s : sort.split(",")) {
                s = s.trim();
                if (s.isEmpty()) continue;
                boolean desc = s.startsWith("-");
                sorts.add(new ListQuery.Sort(desc ? s.substring(1) : s.startsWith("+") ? s.substring(1) : s, desc));
            }
        }
        List<ListQuery.Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : req.queryParams().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("filter[") && k.endsWith("]")) {
                String col = k.substring(7, k.length() - 1);
                for (String v : e.getValue()) filters.add(new ListQuery.Filter(col, ListQuery.Operator.IS, v));
            }
        }
        String text = req.queryParam("filter");
        if (text != null && !text.isBlank()) filters.add(new ListQuery.Filter("*", ListQuery.Operator.LIKE, text.trim()));
        String query = req.queryParam("query");
        if (query != null && !query.isBlank()) {
            JsonNode q;
            try {
                q = Json.parse(query);
            } catch (IllegalArgumentException ex) {
                throw ApiException.badRequest("query: " + ex.getMessage());
            }
            if (!q.isArray()) throw ApiException.badRequest("query must be a JSON array of {column, operator, value}");
            if (q.size() > 50) throw ApiException.badRequest("at most 50 query conditions");
            for (JsonNode c : q) {
                if (!c.isObject() || !c.hasNonNull("column")) throw ApiException.badRequest("each query condition needs a column");
                ListQuery.Operator op = ListQuery.Operator.parse(c.path("operator").asText("is"));
                JsonNode v = c.get("value");
                Object value;
                if (op == ListQuery.Operator.IN) {
                    List<Object> values = new ArrayList<>();
                    if (v != null && v.isArray()) v.forEach(values::add);
                    else if (v != null && !v.isNull()) for (String part : v.asText().split(",")) values.add(part.trim());
                    value = values;
                } else {
                    value = v == null || v.isNull() ? null : v;
                }
                filters.add(new ListQuery.Filter(c.get("column").asText(), op, value));
            }
        }
        if (filters.size() > 50) throw ApiException.badRequest("too many filters");
        return new ListQuery(number, size, sorts, filters);
    }

    private static int intParam(ApiRequest req, String name, int def) {
        String v = req.queryParam(name);
        if (v == null || v.isBlank()) return def;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number");
        }
    }
}
