package org.takedown.propagation.benchmark;

import java.util.List;

/**
 * Host names that look like the web's for the rule benchmark: two words, joined or hyphenated, on one of 45 public
 * suffixes ({@code riverstone.co.uk}, {@code blue-garden.com.br}). Host {@code i} is one of 160 × 160 × 45 × 2 =
 * 2,304,000 combinations, so they are unique without a set; even {@code i} become rules, odd ones stay free.
 */
final class RuleHosts {

    private static final List<String> WORDS = List.of("river", "stone", "blue", "garden", "photo", "pixel", "north", "south",
            "green", "light", "cloud", "city", "media", "studio", "art", "image", "lens", "frame", "shot", "view", "sun",
            "moon", "star", "sky", "sea", "lake", "forest", "hill", "valley", "field", "road", "street", "house", "home",
            "family", "travel", "food", "kitchen", "coffee", "book", "news", "daily", "weekly", "times", "post", "press",
            "journal", "blog", "shop", "store", "market", "trade", "tech", "data", "code", "web", "net", "digital", "smart",
            "fast", "bright", "silver", "gold", "red", "black", "white", "wild", "urban", "rural", "ocean", "island",
            "mountain", "alpine", "nordic", "atlas", "compass", "harbor", "bridge", "tower", "castle", "village", "farm",
            "craft", "design", "style", "fashion", "beauty", "health", "sport", "game", "music", "film", "movie", "radio",
            "stream", "cast", "snap", "click", "pic", "gallery", "museum", "archive", "library", "school", "college",
            "academy", "science", "nature", "animal", "bird", "cat", "dog", "horse", "flower", "tree", "leaf", "rain",
            "snow", "winter", "summer", "spring", "autumn", "morning", "evening", "night", "dream", "story", "tale",
            "world", "planet", "global", "local", "central", "metro", "capital", "royal", "grand", "little", "big",
            "happy", "lucky", "simple", "pure", "fresh", "true", "open", "free", "prime", "first", "next", "new", "old",
            "classic", "modern", "vintage", "retro", "indie", "social", "public", "united", "union", "point", "line");
    private static final List<String> SUFFIXES = List.of("com", "org", "net", "de", "co.uk", "fr", "jp", "io", "com.br",
            "ru", "it", "nl", "pl", "es", "ca", "com.au", "in", "ch", "se", "no", "dk", "fi", "be", "at", "cz", "pt", "gr",
            "hu", "ro", "ie", "co.nz", "co.jp", "com.mx", "com.ar", "cl", "co", "us", "info", "biz", "eu", "tv", "me",
            "photo", "art", "blog");

    static final int COMBINATIONS = 160 * 160 * 45 * 2;

    private RuleHosts() {
    }

    static String host(int i) {
        int a = i % 160;
        int b = (i / 160) % 160;
        int c = (i / (160 * 160)) % 45;
        String sep = (i / (160 * 160 * 45)) % 2 == 0 ? "" : "-";
        return WORDS.get(a) + sep + WORDS.get(b) + "." + SUFFIXES.get(c);
    }

    /** The {@code n}-th host with a rule. */
    static String ruled(int n) {
        return host(2 * n);
    }

    /** The {@code n}-th host without one. */
    static String free(int n) {
        return host(2 * n + 1);
    }
}
