package org.takedown.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One service's corner of the shared {@code takedown} database: a login role and a schema of the
 * same name, owned by that role. The role's default {@code search_path} ({@code "$user", public})
 * therefore resolves to its own schema, and it cannot create anything in another service's.
 * <p>
 * The password is deterministic ({@link #devPassword(String)}): the clusters listen on loopback
 * only and hold test or demo data, and a fixed password lets the dev stack reuse its data
 * directory across runs and lets a developer connect with {@code psql}.
 */
public record ServiceDatabase(String jdbcUrl, String username, String password, String schema) {

    public static String devPassword(String service) {
        return "takedown-" + service;
    }

    /** A new connection as the service's role; the caller closes it. */
    public Connection connect() throws SQLException {
        return PostgresServer.connect(jdbcUrl, username, password);
    }

    @Override
    public String toString() {
        return "ServiceDatabase[" + username + "@" + jdbcUrl + ", schema " + schema + "]";
    }

    static Properties credentials(String username, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        return properties;
    }
}
