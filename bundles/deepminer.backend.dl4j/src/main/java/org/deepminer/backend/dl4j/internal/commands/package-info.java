/** The deepminer:train command. Private. */
package org.deepminer.backend.dl4j.internal.commands;
