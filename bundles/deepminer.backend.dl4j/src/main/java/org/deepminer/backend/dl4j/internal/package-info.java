/**
 * The dl4j model backend: Deeplearning4j networks, the network view the backend and the exporter share, and
 * the thread context class loader ND4J needs inside OSGi. Private.
 */
package org.deepminer.backend.dl4j.internal;
