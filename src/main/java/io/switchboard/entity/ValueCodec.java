package io.switchboard.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.Json;
import io.switchboard.auth.PasswordHasher;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** Converts attribute values between JSON and SQL for each {@link ColumnKind}, validating on the way in. */
final class ValueCodec {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");

    private ValueCodec() {
    }

    /** Timestamps as ISO-8601 UTC with millisecond precision: {@code 2024-01-15T09:30:00Z}. */
    static String formatInstant(Instant i) {
        return i.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    static OffsetDateTime toSqlTimestamp(Instant i) {
        return i.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }

    /** The JDBC value of an attribute, or a 400 EntityException naming what is wrong. */
    static Object toSql(ColumnSpec col, JsonNode v, PasswordHasher hasher) {
        String name = col.name();
        if (v == null || v.isNull()) {
            if (!col.nullable()) throw EntityException.badRequest("attribute " + name + " may not be null");
            return null;
        }
        switch (col.kind()) {
            case TEXT: {
                if (!v.isValueNode()) throw EntityException.badRequest("attribute " + name + " must be a string");
                String s = v.asText();
                if (col.maxLength() > 0 && s.length() > col.maxLength()) {
                    throw EntityException.badRequest("attribute " + name + " is longer than " + col.maxLength() + " characters");
                }
                if (s.indexOf('\0') >= 0) throw EntityException.badRequest("attribute " + name + " contains a NUL character");
                if (col.columnType().equals("email")) {
                    s = s.trim().toLowerCase(java.util.Locale.ROOT);
                    if (!EMAIL.matcher(s).matches()) throw EntityException.badRequest("attribute " + name + " is not an email address");
                }
                return s;
            }
            case INTEGER:
                if (v.isIntegralNumber() && v.canConvertToLong()) return v.asLong();
                if (v.isTextual()) {
                    try {
                        return Long.parseLong(v.asText().trim());
                    } catch (NumberFormatException e) {
                        // fall through to the error
                    }
                }
                throw EntityException.badRequest("attribute " + name + " must be an integer");
            case DECIMAL:
                if (v.isNumber()) return v.asDouble();
                if (v.isTextual()) {
                    try {
                        double d = Double.parseDouble(v.asText().trim());
                        if (Double.isFinite(d)) return d;
                    } catch (NumberFormatException e) {
                        // fall through to the error
                    }
                }
                throw EntityException.badRequest("attribute " + name + " must be a number");
            case BOOLEAN:
                if (v.isBoolean()) return v.asBoolean();
                if (v.isNumber()) return v.asInt() != 0;
                if (v.isTextual()) {
                    String s = v.asText().trim().toLowerCase(java.util.Locale.ROOT);
                    if (s.equals("true") || s.equals("1")) return true;
                    if (s.equals("false") || s.equals("0")) return false;
                }
                throw EntityException.badRequest("attribute " + name + " must be true or false");
            case TIMESTAMP:
                if (v.isTextual()) return parseTimestamp(name, v.asText().trim());
                if (v.isIntegralNumber()) return toSqlTimestamp(Instant.ofEpochMilli(v.asLong()));
                throw EntityException.badRequest("attribute " + name + " must be an ISO-8601 date-time");
            case JSON:
                return Json.string(v);
            case FILE:
                return Json.string(normalizeFiles(name, v));
            case PASSWORD: {
                if (!v.isTextual()) throw EntityException.badRequest("attribute " + name + " must be a string");
                String p = v.asText();
                if (p.length() < 8) throw EntityException.badRequest("attribute " + name + " must have at least 8 characters");
                if (p.length() > 1024) throw EntityException.badRequest("attribute " + name + " is too long");
                return hasher.hash(p);
            }
            default:
                throw new IllegalStateException();
        }
    }

    static OffsetDateTime parseTimestamp(String name, String s) {
        try {
            return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return toSqlTimestamp(Instant.parse(s));
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw EntityException.badRequest("attribute " + name + " must be an ISO-8601 date-time");
                }
            }
        }
    }

    /** A file column holds an array of file objects; a single object is accepted and wrapped. */
    static ArrayNode normalizeFiles(String name, JsonNode v) {
        ArrayNode arr = Json.array();
        if (v.isObject()) {
            arr.add(v);
        } else if (v.isArray()) {
            for (JsonNode f : v) {
                if (!f.isObject()) throw EntityException.badRequest("attribute " + name + " must hold file objects");
                arr.add(f);
            }
        } else {
            throw EntityException.badRequest("attribute " + name + " must be a file object or an array of them");
        }
        return arr;
    }

    static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) ps.setNull(index, Types.NULL);
        else if (value instanceof String s) ps.setString(index, s);
        else if (value instanceof Long l) ps.setLong(index, l);
        else if (value instanceof Integer i) ps.setInt(index, i);
        else if (value instanceof Double d) ps.setDouble(index, d);
        else if (value instanceof Boolean b) ps.setBoolean(index, b);
        else if (value instanceof OffsetDateTime t) ps.setObject(index, t);
        else ps.setObject(index, value);
    }

    /** The JSON-ready value of a column read from a result set. */
    static Object fromSql(ColumnSpec col, ResultSet rs, String column) throws SQLException {
        switch (col.kind()) {
            case TEXT:
                return rs.getString(column);
            case INTEGER: {
                long l = rs.getLong(column);
                return rs.wasNull() ? null : l;
            }
            case DECIMAL: {
                double d = rs.getDouble(column);
                return rs.wasNull() ? null : d;
            }
            case BOOLEAN: {
                boolean b = rs.getBoolean(column);
                return rs.wasNull() ? null : b;
            }
            case TIMESTAMP:
                return timestamp(rs, column);
            case JSON:
            case FILE: {
                String s = rs.getString(column);
                return s == null ? null : Json.parse(s);
            }
            default:
                return null;
        }
    }

    static String timestamp(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : formatInstant(t.toInstant());
    }
}
