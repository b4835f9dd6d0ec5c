/**
 * The probe runner's machinery (pipeline, checkpoints, progress) and the deepminer:probe, units and unit
 * commands. Private.
 */
package org.deepminer.mining.internal;
