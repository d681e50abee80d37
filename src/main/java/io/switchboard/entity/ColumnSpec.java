package io.switchboard.entity;

import io.switchboard.store.SqlDialect;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One user-declared column of an entity table, as in a world_schema_json entry
 * ({@code Name, ColumnName, ColumnType, DataType, IsNullable, IsUnique}). The SQL type is derived
 * from a whitelist, never taken from the user's text, so a schema cannot inject DDL.
 */
public record ColumnSpec(String name, String columnType, String dataType, boolean nullable, boolean unique) {
    private static final Pattern VARCHAR = Pattern.compile("(?:var)?char\\s*\\(\\s*(\\d{1,6})\\s*\\)");
    private static final int DEFAULT_LABEL_LENGTH = 500;

    public ColumnSpec {
        columnType = columnType == null || columnType.isBlank() ? "label" : columnType.trim().toLowerCase(Locale.ROOT);
        dataType = dataType == null ? "" : dataType.trim().toLowerCase(Locale.ROOT);
    }

    public ColumnKind kind() {
        if (columnType.startsWith("file.") || columnType.equals("file")) return ColumnKind.FILE;
        switch (columnType) {
            case "password":
                return ColumnKind.PASSWORD;
            case "truefalse":
            case "boolean":
                return ColumnKind.BOOLEAN;
            case "datetime":
            case "date":
            case "timestamp":
                return ColumnKind.TIMESTAMP;
            case "json":
                return ColumnKind.JSON;
            case "measurement":
            case "number":
                return dataTypeKind() == ColumnKind.INTEGER ? ColumnKind.INTEGER : ColumnKind.DECIMAL;
            case "integer":
            case "int":
                return ColumnKind.INTEGER;
            case "label":
            case "content":
            case "email":
            case "name":
            case "alias":
            case "url":
            case "color":
            case "markdown":
            case "html":
            case "reference":
            case "enum":
            case "hidden":
            case "value":
                return ColumnKind.TEXT;
            default:
                ColumnKind k = dataTypeKind();
                return k == null ? ColumnKind.TEXT : k;
        }
    }

    private ColumnKind dataTypeKind() {
        String d = dataType;
        if (d.isEmpty()) return null;
        if (d.startsWith("int") || d.startsWith("bigint") || d.startsWith("smallint") || d.startsWith("tinyint")) {
            return ColumnKind.INTEGER;
        }
        if (d.startsWith("float") || d.startsWith("double") || d.startsWith("decimal") || d.startsWith("numeric")
                || d.startsWith("real")) {
            return ColumnKind.DECIMAL;
        }
        if (d.startsWith("bool")) return ColumnKind.BOOLEAN;
        if (d.startsWith("timestamp") || d.startsWith("datetime") || d.equals("date")) return ColumnKind.TIMESTAMP;
        if (d.startsWith("json")) return ColumnKind.JSON;
        if (d.contains("char") || d.contains("text")) return ColumnKind.TEXT;
        return null;
    }

    /** The SQL column type on this dialect. */
    public String sqlType(SqlDialect dialect) {
        return switch (kind()) {
            case TEXT -> {
                if (columnType.equals("content") || columnType.equals("markdown") || columnType.equals("html")
                        || dataType.contains("text")) {
                    yield dialect.text();
                }
                Matcher m = VARCHAR.matcher(dataType);
                int len = m.matches() ? Integer.parseInt(m.group(1)) : DEFAULT_LABEL_LENGTH;
                yield len > 0 && len <= 10_000 ? "VARCHAR(" + len + ")" : dialect.text();
            }
            case INTEGER -> "BIGINT";
            case DECIMAL -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
            case JSON, FILE -> dialect.largeText();
            case PASSWORD -> "VARCHAR(500)";
        };
    }

    /** Most characters a TEXT value may have in this column (the VARCHAR length), 0 = unbounded. */
    public int maxLength() {
        if (kind() != ColumnKind.TEXT) return 0;
        Matcher m = VARCHAR.matcher(dataType);
        if (columnType.equals("content") || columnType.equals("markdown") || columnType.equals("html")
                || dataType.contains("text")) {
            return 1_000_000;
        }
        int len = m.matches() ? Integer.parseInt(m.group(1)) : DEFAULT_LABEL_LENGTH;
        return len > 0 && len <= 10_000 ? len : 1_000_000;
    }
}
