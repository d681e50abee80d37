package io.switchboard.entity;

/** How a column's values are stored, converted and compared; derived from ColumnType/DataType. */
public enum ColumnKind {
    TEXT, INTEGER, DECIMAL, BOOLEAN, TIMESTAMP, JSON, FILE, PASSWORD;

    /** JSON documents, files and password hashes cannot be filtered or sorted on. */
    public boolean comparable() {
        return this != JSON && this != FILE && this != PASSWORD;
    }
}
