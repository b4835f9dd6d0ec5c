package org.deepminer.itest.broken;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of a bundle whose start fails. */
public class ThrowingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("deliberate failure in " + context.getBundle().getSymbolicName());
    }

    @Override
    public void stop(BundleContext context) {}
}
