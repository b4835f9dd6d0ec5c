package org.deepminer.itest.broken;

/** A DS component implementation whose activation fails. */
public class ThrowingComponent {
    public void activate() {
        throw new IllegalStateException("deliberate failure in a component's activate");
    }
}
