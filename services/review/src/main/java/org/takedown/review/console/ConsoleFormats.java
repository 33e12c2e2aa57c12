package org.takedown.review.console;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes dates: UTC, to the minute, the same everywhere. */
@TemplateExtension
public class ConsoleFormats {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    static String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    static String minute(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant);
    }

}
