package org.takedown.testing;

import java.util.function.Supplier;

final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * Kafka loads its plug-ins (metrics reporters, assignors) by class name through the context
     * class loader. Inside a {@code @QuarkusTest} that loader holds a second copy of kafka-clients,
     * so the client is built with the loader that loaded this class.
     */
    static <T> T create(Supplier<T> client) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaClients.class.getClassLoader());
        try {
            return client.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
