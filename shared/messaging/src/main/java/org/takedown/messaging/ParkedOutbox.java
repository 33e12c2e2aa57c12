package org.takedown.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The rows of this service's outbox that the relay parked (ADR 012), for the service that wrote them:
 * {@link OutboxEventParked} tells it at once, this lists them again (after a restart, on a sweep), and
 * {@link #release} hands a key's rows back to the relay once the cause is fixed.
 */
@ApplicationScoped
public class ParkedOutbox {

    /** One parked row; {@code reason} is Kafka's refusal or "held behind parked event …". */
    public record ParkedEvent(UUID eventId, String topic, String key, String type, int attempts, String reason,
            OffsetDateTime parkedAt) {
    }

    private final AgroalDataSource dataSource;
    private final String table;

    ParkedOutbox(AgroalDataSource dataSource, MessagingConfig config) {
        this.dataSource = dataSource;
        this.table = SqlNames.qualified(config.schema(), "outbox_event");
    }

    /** Parked rows of one topic, oldest first, at most {@code limit}. */
    public List<ParkedEvent> parked(String topic, int limit) {
        List<ParkedEvent> parked = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT event_id, topic, message_key, event_type,"
                     + " attempts, last_error, parked_at FROM " + table
                     + " WHERE parked_at IS NOT NULL AND topic = ? ORDER BY id LIMIT ?")) {
            query.setString(1, topic);
            query.setInt(2, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    parked.add(new ParkedEvent(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("parked outbox rows not readable: " + e.getMessage(), e);
        }
        return parked;
    }

    /**
     * Hands every parked row of a key back to the relay, in their order (after the cause was fixed, e.g.
     * a topic's {@code max.message.bytes} raised). A row that Kafka still refuses is parked again.
     *
     * @return how many rows were released
     */
    public int release(String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE " + table
                     + " SET parked_at = NULL WHERE parked_at IS NOT NULL AND message_key = ?")) {
            update.setString(1, key);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("parked outbox rows not released: " + e.getMessage(), e);
        }
    }
}
