package org.takedown.propagation.webhook;

import java.util.List;

/** The secrets a vendor's deliveries are signed with right now: more than one during a rotation. */
public interface SigningSecrets {

    List<String> current(String vendorId);
}
