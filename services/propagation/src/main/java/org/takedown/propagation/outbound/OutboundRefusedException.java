package org.takedown.propagation.outbound;

/** The outbound guard will not send to this target. The message says why, without secrets. */
public class OutboundRefusedException extends Exception {

    public OutboundRefusedException(String reason) {
        super(reason);
    }
}
