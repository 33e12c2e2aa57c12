package org.takedown.verification.domain;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A test zone: TXT records that tests publish, and names that time out. */
@Mock
@ApplicationScoped
public class FakeTxtResolver implements TxtResolver {

    private final Map<String, List<String>> records = new ConcurrentHashMap<>();
    private final Map<String, Boolean> timingOut = new ConcurrentHashMap<>();

    public void publish(String name, String value) {
        records.put(name, List.of(value));
    }

    public void timeOut(String name) {
        timingOut.put(name, true);
    }

    @Override
    public List<String> lookup(String name, Duration timeout) throws TimeoutException {
        if (timingOut.containsKey(name)) {
            throw new TimeoutException("DNS did not answer for " + name + " within " + timeout);
        }
        return records.getOrDefault(name, List.of());
    }
}
