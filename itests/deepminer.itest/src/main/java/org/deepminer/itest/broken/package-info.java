/**
 * Classes the broken test bundles point at: an activator and a component that throw. Exported only so
 * that the generated bundles can import them.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.itest.broken;
