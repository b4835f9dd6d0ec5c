package org.deepminer.annotate.web.internal;

import java.util.Optional;

/**
 * Where each tile lies in a unit's montage: square cells of one size in rows of {@code columns}, a gap around and
 * between them, best sample first (the top-activations strategy's layout). The montage's size and its number
 * of tiles determine the layout; the default 8 columns are tried first.
 */
record MontageGeometry(int cell, int columns, int gap) {
    static final int GAP = 2;
    static final int DEFAULT_COLUMNS = 8;

    static Optional<MontageGeometry> infer(int width, int height, int tiles) {
        if (tiles <= 0 || width <= GAP || height <= GAP) {
            return Optional.empty();
        }
        Optional<MontageGeometry> preferred = fit(width, height, tiles, DEFAULT_COLUMNS);
        if (preferred.isPresent()) {
            return preferred;
        }
        for (int c = 1; c <= Math.max(tiles, DEFAULT_COLUMNS); c++) {
            Optional<MontageGeometry> g = fit(width, height, tiles, c);
            if (g.isPresent()) {
                return g;
            }
        }
        return Optional.empty();
    }

    private static Optional<MontageGeometry> fit(int width, int height, int tiles, int columns) {
        int inner = width - GAP;
        if (inner % columns != 0) {
            return Optional.empty();
        }
        int cell = inner / columns - GAP;
        int rows = Math.max(1, (tiles + columns - 1) / columns);
        if (cell < 4 || rows * (cell + GAP) + GAP != height) {
            return Optional.empty();
        }
        return Optional.of(new MontageGeometry(cell, columns, GAP));
    }

    /** Left edge of tile {@code index} (0 = the top sample). */
    int x(int index) {
        return gap + (index % columns) * (cell + gap);
    }

    int y(int index) {
        return gap + (index / columns) * (cell + gap);
    }
}
