package org.takedown.propagation.webhook;

import java.util.Collection;
import java.util.Map;
import java.util.List;

/** The secrets a vendor's deliveries are signed with right now: more than one during a rotation. */
public interface SigningSecrets {

    List<String> current(String vendorId);

    /** The current secrets of several vendors at once (one query for a dispatcher round), by vendor id. */
    Map<String, List<String>> current(Collection<String> vendorIds);
}
