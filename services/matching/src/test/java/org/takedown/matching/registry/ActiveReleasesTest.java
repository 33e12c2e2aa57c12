package org.takedown.matching.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.JsonlDatasetIndex;
import org.takedown.matching.index.LiveDatasetIndex;

class ActiveReleasesTest {

    private final LiveDatasetIndex configured = new LiveDatasetIndex(JsonlDatasetIndex.empty("seed", "r1"));
    private final ActiveReleases releases = new ActiveReleases(configured);

    private static List<String> keys(List<DatasetIndex> snapshot) {
        return snapshot.stream().map(ActiveReleases::key).toList();
    }

    @Test
    void theConfiguredReleaseIsSearchedOnlyOnceTheRegistrySeededIt() {
        assertEquals(List.of(), keys(releases.snapshot(List.of())));

        releases.searchConfigured();

        assertEquals(List.of("seed/r1"), keys(releases.snapshot(List.of())));
    }

    @Test
    void theConfiguredReleaseComesFirstAndTheOthersInIdOrderEachOnce() {
        releases.searchConfigured();
        releases.activate(JsonlDatasetIndex.empty("b", "2026-12"));
        releases.activate(JsonlDatasetIndex.empty("a", "2026-11"));
        releases.activate(JsonlDatasetIndex.empty("seed", "r1"));

        assertEquals(List.of("seed/r1", "a/2026-11", "b/2026-12"), keys(releases.snapshot(List.of())));
    }

    @Test
    void aRequestThatNamesDataSetsSearchesOnlyTheirReleases() {
        releases.searchConfigured();
        releases.activate(JsonlDatasetIndex.empty("a", "2026-11"));
        releases.activate(JsonlDatasetIndex.empty("a", "2026-12"));
        releases.activate(JsonlDatasetIndex.empty("b", "2026-11"));

        assertEquals(List.of("a/2026-11", "a/2026-12"), keys(releases.snapshot(List.of("a"))));
    }

    @Test
    void aRetiredReleaseIsNoLongerSearchedAndASnapshotTakenBeforeKeepsIt() {
        releases.searchConfigured();
        releases.activate(JsonlDatasetIndex.empty("a", "2026-11"));
        List<DatasetIndex> before = releases.snapshot(List.of());

        assertTrue(releases.retire("a", "2026-11"));
        assertTrue(releases.retire("seed", "r1"));

        assertEquals(List.of(), keys(releases.snapshot(List.of())));
        assertEquals(List.of("seed/r1", "a/2026-11"), keys(before));
        assertFalse(releases.retire("a", "2026-11"), "retiring twice changes nothing");
    }

    @Test
    void aReleaseSwitchedInByIngestionIsSearchedInsteadOfTheOneItReplaced() {
        releases.searchConfigured();

        configured.switchTo(JsonlDatasetIndex.empty("seed", "r2"));

        assertEquals(List.of("seed/r2"), keys(releases.snapshot(List.of())));
    }
}
