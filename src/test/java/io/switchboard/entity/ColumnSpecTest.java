package io.switchboard.entity;

import io.switchboard.store.SqlDialect;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ColumnSpecTest {
    @Test
    void sqlTypesComeFromAWhitelistNeverFromUserText() {
        assertEquals("VARCHAR(500)", new ColumnSpec("t", "label", "varchar(500)", true, false).sqlType(SqlDialect.POSTGRESQL));
        assertEquals("VARCHAR(500)", new ColumnSpec("t", "label", "varchar(500); DROP TABLE x", true, false).sqlType(SqlDialect.POSTGRESQL));
        assertEquals("BIGINT", new ColumnSpec("n", "measurement", "int(10)", true, false).sqlType(SqlDialect.H2));
        assertEquals("DOUBLE PRECISION", new ColumnSpec("n", "measurement", "", true, false).sqlType(SqlDialect.H2));
        assertEquals("BOOLEAN", new ColumnSpec("b", "truefalse", "", true, false).sqlType(SqlDialect.H2));
        assertEquals("TIMESTAMP WITH TIME ZONE", new ColumnSpec("d", "datetime", "", true, false).sqlType(SqlDialect.H2));
        assertEquals("TEXT", new ColumnSpec("c", "content", "", true, false).sqlType(SqlDialect.POSTGRESQL));
        assertEquals("TEXT", new ColumnSpec("f", "file.spreadsheet", "", true, false).sqlType(SqlDialect.POSTGRESQL));
        assertEquals(ColumnKind.FILE, new ColumnSpec("f", "file.diagram", "", true, false).kind());
        assertEquals(ColumnKind.JSON, new ColumnSpec("j", "json", "", true, false).kind());
    }

    @Test
    void schemaDocumentsAreValidated() {
        EntitySchema s = EntitySchema.parse("blog_post",
                "{\"TableName\":\"blog_post\",\"Columns\":[{\"Name\":\"title\",\"ColumnName\":\"title\",\"ColumnType\":\"label\"}]}", null);
        assertEquals(1, s.columns().size());
        assertThrows(EntityException.class, () -> EntitySchema.parse("Blog", "{\"Columns\":[]}", null));
        assertThrows(EntityException.class, () -> EntitySchema.parse("x", "{\"Columns\":[{\"ColumnName\":\"id\"}]}", null));
        assertThrows(EntityException.class, () -> EntitySchema.parse("x", "{\"Columns\":[{\"ColumnName\":\"a\"},{\"ColumnName\":\"a\"}]}", null));
        assertThrows(EntityException.class, () -> EntitySchema.parse("x", "{\"TableName\":\"y\",\"Columns\":[]}", null));
        assertThrows(EntityException.class, () -> EntitySchema.parse("x", "not json", null));
        assertThrows(EntityException.class, () -> EntitySchema.parse("x", "{\"Columns\":[{\"ColumnName\":\"a b\"}]}", null));
    }
}
