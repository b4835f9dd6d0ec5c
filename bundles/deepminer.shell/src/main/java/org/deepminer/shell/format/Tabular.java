package org.deepminer.shell.format;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** A command result that prints as one or more tables. */
@ConsumerType
public interface Tabular {

    List<Table> tables();
}
