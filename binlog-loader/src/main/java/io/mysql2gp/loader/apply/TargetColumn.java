package io.mysql2gp.loader.apply;

import java.util.Objects;

/**
 * One column of a target table.
 *
 * @param name        column name as stored in the target catalog
 * @param displayType the type with its modifier, as {@code format_type} prints it ({@code character varying(5)})
 * @param castType    the type without modifier, schema-qualified and quoted ({@code pg_catalog."varchar"}),
 *                    safe to cast to: an explicit cast to a typmod would silently truncate strings and bit
 *                    strings, so conversions cast to this and let the assignment to the column check the typmod
 * @param baseType    {@code pg_type.typname} of the type, or of a domain's base type ({@code varchar}, {@code int8})
 * @param category    {@code pg_type.typcategory} of that base type ({@code S} string, {@code N} numeric, ...)
 * @param notNull     whether the column is declared NOT NULL
 */
public record TargetColumn(String name, String displayType, String castType, String baseType, char category,
        boolean notNull) {
    public TargetColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayType, "displayType");
        Objects.requireNonNull(castType, "castType");
        Objects.requireNonNull(baseType, "baseType");
    }
}
