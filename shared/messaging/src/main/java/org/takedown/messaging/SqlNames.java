package org.takedown.messaging;

import java.util.regex.Pattern;

final class SqlNames {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SqlNames() {
    }

    /** Schema names come from configuration and end up in SQL text, so only plain identifiers pass. */
    static String qualified(String schema, String table) {
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("takedown.messaging.schema must be a lower-case SQL identifier: " + schema);
        }
        return schema + "." + table;
    }
}
