/**
 * The annotation web UI: run views, accounts, sessions, pages and the servlet, all private. The bundle needs an
 * OSGi HTTP whiteboard implementation of the Jakarta servlet whiteboard (Felix HTTP Jetty 12), which the
 * requirement below lets the resolver pull into a feature.
 */
@org.osgi.annotation.bundle.Requirement(namespace = "osgi.implementation", name = "osgi.http", version = "2.0")
package org.deepminer.annotate.web.internal;
