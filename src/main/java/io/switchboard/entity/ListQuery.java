package io.switchboard.entity;

import java.util.List;

/**
 * What a list request asks for: a page, an order and filters. Column names are checked against
 * the schema by the store; values are always bound as parameters.
 */
public record ListQuery(int pageNumber, int pageSize, List<Sort> sorts, List<Filter> filters) {
    public static final int MAX_PAGE_SIZE = 500;
    public static final int DEFAULT_PAGE_SIZE = 10;

    /** One ORDER BY term. */
    public record Sort(String column, boolean descending) {
    }

    /** One condition; operators as the seed's {@code query} parameter names them. */
    public record Filter(String column, Operator operator, Object value) {
    }

    /** Filter operators (api.md: is, is not, like, lt, lte, gt, gte, in). */
    public enum Operator {
        IS("="), IS_NOT("<>"), LIKE("LIKE"), LT("<"), LTE("<="), GT(">"), GTE(">="), IN("IN");

        final String sql;

        Operator(String sql) {
            this.sql = sql;
        }

        public static Operator parse(String s) {
            return switch (s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "is", "=", "==", "eq", "equals" -> IS;
                case "is not", "!=", "<>", "neq", "not" -> IS_NOT;
                case "like", "contains" -> LIKE;
                case "lt", "<" -> LT;
                case "lte", "<=" -> LTE;
                case "gt", ">" -> GT;
                case "gte", ">=" -> GTE;
                case "in" -> IN;
                default -> throw EntityException.badRequest("unknown filter operator: " + s);
            };
        }
    }

    public ListQuery {
        if (pageNumber < 1) throw EntityException.badRequest("page[number] must be at least 1");
        if (pageSize < 1) throw EntityException.badRequest("page[size] must be at least 1");
        pageSize = Math.min(pageSize, MAX_PAGE_SIZE);
        sorts = List.copyOf(sorts);
        filters = List.copyOf(filters);
    }

    /** One page of rows plus the total the filters match. */
    public record Page(List<EntityRow> rows, long total, int pageNumber, int pageSize) {
        public long lastPage() {
            return Math.max(1, (total + pageSize - 1) / pageSize);
        }
    }
}
