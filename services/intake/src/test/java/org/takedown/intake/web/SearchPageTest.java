package org.takedown.intake.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.takedown.intake.search.MatchingSearchClient;

class SearchPageTest {

    @Test
    void picksBecomeTheFormsUrlsAndDataSetsEachOnceAndForgedOnesAreLeftOut() {
        Map<String, String> fields = SearchPage.picked(List.of("demo-a https://cdn.example.net/1.jpg",
                "demo-b https://cdn.example.net/2.jpg", "demo-a https://cdn.example.net/3.jpg",
                "demo-a https://cdn.example.net/1.jpg", "no-url-here", "bad<id> https://cdn.example.net/4.jpg",
                "demo-a javascript:alert(1)"));
        assertEquals("https://cdn.example.net/1.jpg\nhttps://cdn.example.net/2.jpg\nhttps://cdn.example.net/3.jpg",
                fields.get("imageUrls"));
        assertEquals("demo-a\ndemo-b", fields.get("datasets"));
        assertEquals(Map.of(), SearchPage.picked(null));
        assertEquals(Map.of(), SearchPage.picked(List.of("nonsense")));
    }

    @Test
    void releasesWithoutHitsAreLeftOutAndTheRestIsCounted() {
        SearchPage page = SearchPage.of("cat", new MatchingSearchClient.Results(false, List.of(
                new MatchingSearchClient.ReleaseHits("a", "r1", 0, List.of()),
                new MatchingSearchClient.ReleaseHits("b", "r2", 5, List.of(
                        new MatchingSearchClient.Hit("i1", "https://x.example/1.jpg", "a cat", "CAPTION_TEXT", 1.0))))));
        assertEquals(1, page.releases().size());
        assertEquals(4, page.releases().get(0).more());
        assertEquals("b https://x.example/1.jpg", page.releases().get(0).items().get(0).pick());
        assertEquals(true, page.found());
    }
}
