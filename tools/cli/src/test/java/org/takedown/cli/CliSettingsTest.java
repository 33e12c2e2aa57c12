package org.takedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CliSettingsTest {

    @Test
    void theConfigurationDirectoryFollowsXdgUnlessNamed() {
        assertEquals(Path.of("/x/takedown"), CliSettings.configDir(Map.of("XDG_CONFIG_HOME", "/x")));
        assertEquals(Path.of("/y"), CliSettings.configDir(Map.of("XDG_CONFIG_HOME", "/x", "TAKEDOWN_CONFIG_DIR", "/y")));
        assertEquals(Path.of(System.getProperty("user.home"), ".config", "takedown"), CliSettings.configDir(Map.of()));
    }

    @Test
    void theDefaultsAreTheDevStackAndOverridesWin() {
        CliSettings settings = CliSettings.of(Path.of("/c"), Map.of("matching-url", "https://matching.example/"));
        assertEquals("https://matching.example", settings.serviceUrl("matching"));
        assertEquals("http://127.0.0.1:8085", settings.serviceUrl("propagation"));
        assertEquals("http://127.0.0.1:8180/realms/takedown", settings.realmUrl());
    }

    @Test
    void anUnknownSettingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CliSettings.of(Path.of("/c"), Map.of("matchng-url", "x")));
    }
}
