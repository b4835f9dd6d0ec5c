/** The data inspection commands; private. */
package org.deepminer.data.commands;
