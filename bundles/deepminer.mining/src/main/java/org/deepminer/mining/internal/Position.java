package org.deepminer.mining.internal;

import java.io.Serializable;

/**
 * Where a pass stands: the next item to feed is item {@code offset} of source sample {@code source} (in the
 * data set's sample order; patches of one image in raster order). Tiling is deterministic, so a position
 * names the same item after a restart.
 */
record Position(int source, int offset) implements Serializable {
    static final Position START = new Position(0, 0);
}
