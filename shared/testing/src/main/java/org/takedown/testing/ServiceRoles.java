package org.takedown.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Creates a service's role and schema as a superuser; shared by the local and container providers. */
final class ServiceRoles {

    /** Names go into DDL, where bind parameters are not allowed: only plain lower-case identifiers pass. */
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private ServiceRoles() {
    }

    /** Idempotent: an existing role gets its (deterministic) password set again. */
    static synchronized ServiceDatabase ensure(Connection superuser, String jdbcUrl, String service) {
        if (!SERVICE_NAME.matcher(service).matches() || service.startsWith("pg_")
                || service.equals("public") || service.equals(PostgresServer.SUPERUSER)) {
            throw new IllegalArgumentException("Not a usable service name for a role and schema: '" + service + "'");
        }
        String password = ServiceDatabase.devPassword(service);
        try (Statement ddl = superuser.createStatement()) {
            if (!roleExists(superuser, service)) {
                ddl.execute("CREATE ROLE " + service);
            }
            ddl.execute("ALTER ROLE " + service + " WITH LOGIN PASSWORD '" + password + "'");
            ddl.execute("CREATE SCHEMA IF NOT EXISTS " + service + " AUTHORIZATION " + service);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create role and schema for " + service, e);
        }
        return new ServiceDatabase(jdbcUrl, service, password, service);
    }

    private static boolean roleExists(Connection connection, String role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
