package org.takedown.k8s;

import java.util.ArrayList;
import java.util.List;

/** What the validation found, one line per problem, each naming the object it is about. */
public final class Problems {

    private final List<String> lines = new ArrayList<>();

    public void add(String where, String problem) {
        lines.add(where + ": " + problem);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public boolean contains(String fragment) {
        return lines.stream().anyMatch(line -> line.contains(fragment));
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
