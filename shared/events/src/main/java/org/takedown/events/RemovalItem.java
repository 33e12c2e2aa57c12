package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A data set item that a decision removes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemovalItem(String itemId, String url) {
}
