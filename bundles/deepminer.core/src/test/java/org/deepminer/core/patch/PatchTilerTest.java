package org.deepminer.core.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked cases on a 16 x 16 image with fraction 0.25: tiles of 4 x 4 pixels at stride 2, so 7 x 7
 * positions (0, 2, ..., 12) and every pixel away from the border lies in 4 tiles.
 */
class PatchTilerTest {

    static final TilingOptions QUARTER = new TilingOptions(0.25, 0.1f, 0.5, 0.3);

    static Sample image(int w, int h, float[] pixels, Lesion... lesions) {
        SampleRef ref = new SampleRef("img1", "case7", Split.VALIDATION, lesions.length == 0 ? "normal" : "malignant");
        ImageMetadata meta = new ImageMetadata("MG", Laterality.LEFT, "CC", 0.2, 12, false, Map.of());
        return new Sample(ref, new MammogramImage(w, h, pixels), meta,
                new GroundTruth(ref.label(), List.of(lesions), new Report("r", Set.of(), -1, "")));
    }

    static float[] filled(int w, int h, float v) {
        float[] p = new float[w * h];
        java.util.Arrays.fill(p, v);
        return p;
    }

    /** A mask of a rectangle of set pixels inside a (possibly larger) bounding box. */
    static RegionMask rect(Box box, int x, int y, int w, int h) {
        BitSet bits = new BitSet();
        for (int row = y; row < y + h; row++) {
            for (int col = x; col < x + w; col++) {
                bits.set((row - box.y()) * box.width() + (col - box.x()));
            }
        }
        return new RegionMask(box, bits);
    }

    static Lesion lesion(String id, String pathology, RegionMask mask) {
        return new Lesion(id, "finding-mass", pathology, Set.of("finding-mass"), mask, Map.of(), List.of(), 4);
    }

    static Optional<Patch> at(List<Patch> tiles, int x, int y) {
        return tiles.stream().filter(p -> p.box().x() == x && p.box().y() == y).findFirst();
    }

    @Test
    void aFullBreastGivesTheWholeGridInRasterOrder() {
        List<Patch> tiles = new PatchTiler(QUARTER).tiles(image(16, 16, filled(16, 16, 0.5f)));
        assertEquals(49, tiles.size());
        assertEquals(new Box(0, 0, 4, 4), tiles.get(0).box());
        assertEquals(new Box(2, 0, 4, 4), tiles.get(1).box(), "half-tile stride, left to right first");
        assertEquals(new Box(0, 2, 4, 4), tiles.get(7).box());
        assertEquals(new Box(12, 12, 4, 4), tiles.get(48).box());
        assertTrue(tiles.stream().allMatch(p -> p.label().equals("normal") && p.breastFraction() == 1.0));
    }

    @Test
    void aTileIsKeptFromHalfBreastOn() {
        // breast = the left 5 columns. Tile x=2 covers columns 2..5: 3 of 4 breast -> kept (0.75).
        // Tile x=4 covers 4..7: 1 of 4 -> dropped (0.25). Tile x=3 does not exist (stride 2).
        float[] p = new float[16 * 16];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 5; x++) {
                p[y * 16 + x] = 0.6f;
            }
        }
        List<Patch> tiles = new PatchTiler(QUARTER).tiles(image(16, 16, p));
        assertEquals(0.75, at(tiles, 2, 0).orElseThrow().breastFraction(), 1e-12);
        assertTrue(at(tiles, 4, 0).isEmpty());
        assertEquals(14, tiles.size(), "columns x=0 and x=2 of 7 rows");
        // exactly half breast (columns 0..5, tile x=4 has columns 4, 5 of 4..7) is kept: >= 50 %
        for (int y = 0; y < 16; y++) {
            p[y * 16 + 5] = 0.6f;
        }
        List<Patch> half = new PatchTiler(QUARTER).tiles(image(16, 16, p));
        assertEquals(0.5, at(half, 4, 0).orElseThrow().breastFraction(), 1e-12);
        // at or below the threshold is not breast
        float[] dim = filled(16, 16, 0.1f);
        assertTrue(new PatchTiler(QUARTER).tiles(image(16, 16, dim)).isEmpty());
    }

    @Test
    void aLesionCoveringThirtyPercentOfTheTileMakesItPositive() {
        // A 4 x 4 lesion (16 px) at (6, 6)..(9, 9) in a box larger than itself.
        Box box = new Box(5, 5, 6, 6);
        Lesion l = lesion("L1", "malignant", rect(box, 6, 6, 4, 4));
        List<Patch> tiles = new PatchTiler(QUARTER).tiles(image(16, 16, filled(16, 16, 0.5f), l));
        // tile (6,6) holds all 16 px: 100 % of tile -> positive
        assertEquals("malignant", at(tiles, 6, 6).orElseThrow().label());
        // tile (4,6) covers columns 4..7: 2 columns x 4 rows = 8 px: 50 % of tile and of lesion -> positive
        assertEquals("malignant", at(tiles, 4, 6).orElseThrow().label());
        // tile (4,4) covers 4..7 x 4..7: 2 x 2 = 4 px: 25 % of tile, 25 % of lesion -> not positive
        assertEquals("normal", at(tiles, 4, 4).orElseThrow().label());
        assertEquals(List.of(), at(tiles, 4, 4).orElseThrow().positiveLesions());
        // tile (10,10) does not touch it
        assertEquals("normal", at(tiles, 10, 10).orElseThrow().label());
        assertEquals(List.of("L1"), at(tiles, 6, 6).orElseThrow().positiveLesions());
    }

    @Test
    void thirtyPercentOfASmallLesionInsideMakesItPositiveEvenWhenTheTileIsMostlyEmpty() {
        // A 3-pixel lesion at (5,4), (6,4), (7,4). Tile (4,2) (cols 4..7, rows 2..5) holds all 3: 3/16 = 19 % of
        // the tile but 100 % of the lesion -> positive. Tile (6,2) (cols 6..9) holds 2 of 3 = 67 % -> positive.
        // Tile (2,2) (cols 2..5) holds 1 of 3 = 33 % >= 30 % -> positive; with a 40 % rule it is not.
        Box box = new Box(5, 4, 3, 1);
        Lesion l = lesion("C1", "benign", rect(box, 5, 4, 3, 1));
        List<Patch> tiles = new PatchTiler(QUARTER).tiles(image(16, 16, filled(16, 16, 0.5f), l));
        assertEquals("benign", at(tiles, 4, 2).orElseThrow().label());
        assertEquals("benign", at(tiles, 6, 2).orElseThrow().label());
        assertEquals("benign", at(tiles, 2, 2).orElseThrow().label());
        TilingOptions strict = new TilingOptions(0.25, 0.1f, 0.5, 0.4);
        List<Patch> strictTiles = new PatchTiler(strict).tiles(image(16, 16, filled(16, 16, 0.5f), l));
        assertEquals("normal", at(strictTiles, 2, 2).orElseThrow().label());
        assertEquals("benign", at(strictTiles, 6, 2).orElseThrow().label());
    }

    @Test
    void malignantWinsOverBenign() {
        Lesion benign = lesion("B", "benign", rect(new Box(0, 0, 4, 4), 0, 0, 4, 4));
        Lesion malignant = lesion("M", "malignant", rect(new Box(2, 2, 2, 2), 2, 2, 2, 2));
        List<Patch> tiles = new PatchTiler(QUARTER).tiles(image(16, 16, filled(16, 16, 0.5f), benign, malignant));
        Patch p = at(tiles, 0, 0).orElseThrow();
        assertEquals("malignant", p.label());
        assertEquals(List.of("B", "M"), p.positiveLesions());
        // tile (0,4) holds none of the malignant lesion and 0 rows of the benign one
        assertEquals("normal", at(tiles, 0, 4).orElseThrow().label());
        // tile (0,2) holds rows 2..3 of the benign lesion (8 px = 50 %) and all of the malignant one
        assertEquals("malignant", at(tiles, 0, 2).orElseThrow().label());
        // tile (4,0) holds nothing of either
        assertEquals("normal", at(tiles, 4, 0).orElseThrow().label());
    }

    @Test
    void cuttingCropsPixelsMasksConceptMasksAndOutlines() {
        float[] p = new float[16 * 16];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.2f + (i % 16) / 100f + (i / 16) / 1000f;
        }
        Box box = new Box(5, 5, 6, 6);
        RegionMask body = rect(box, 6, 6, 4, 4);
        RegionMask halo = rect(new Box(3, 3, 10, 10), 3, 3, 10, 10);
        Lesion l = new Lesion("L1", "finding-mass", "malignant", Set.of("finding-mass", "margin-spiculated"), body,
                Map.of("margin-spiculated", halo), List.of(6, 6, 9, 6, 9, 9), 5);
        Sample s = image(16, 16, p, l);
        Patch tile = at(new PatchTiler(QUARTER).tiles(s), 4, 6).orElseThrow();
        Sample patch = PatchTiler.cut(s, tile);

        assertEquals("img1@4,6,4,4", patch.id());
        assertEquals("case7", patch.ref().caseId());
        assertEquals(Split.VALIDATION, patch.ref().split());
        assertEquals("malignant", patch.ref().label());
        assertEquals("malignant", patch.truth().label());
        assertEquals(4, patch.image().width());
        assertEquals(s.image().get(4, 6), patch.image().get(0, 0));
        assertEquals(s.image().get(7, 9), patch.image().get(3, 3));

        Lesion cut = patch.truth().lesions().get(0);
        // the body covers image columns 6..9 and rows 6..9; inside the tile (cols 4..7, rows 6..9): cols 6, 7
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(body.contains(x + 4, y + 6), cut.mask().contains(x, y), "body at " + x + "," + y);
                assertEquals(halo.contains(x + 4, y + 6), cut.maskOf("margin-spiculated").contains(x, y),
                        "halo at " + x + "," + y);
            }
        }
        assertEquals(8, cut.mask().area());
        assertEquals(new Box(1, 0, 3, 4), cut.mask().box(), "the bounding box is cut to the tile");
        assertEquals(16, cut.maskOf("margin-spiculated").area());
        assertEquals(List.of(2, 0, 5, 0, 5, 3), cut.outline());
        assertEquals(l.concepts(), cut.concepts());
    }

    @Test
    void aLesionOutsideTheTileIsLeftOutAndAnEmptyConceptMaskStaysEmpty() {
        RegionMask body = rect(new Box(12, 12, 4, 4), 12, 12, 4, 4);
        RegionMask halo = rect(new Box(0, 0, 2, 2), 0, 0, 2, 2);
        Lesion far = lesion("F", "benign", body);
        Lesion withHalo = new Lesion("H", "finding-mass", "benign", Set.of("margin-spiculated"),
                rect(new Box(10, 0, 2, 2), 10, 0, 2, 2), Map.of("margin-spiculated", halo), List.of(), 3);
        Sample s = image(16, 16, filled(16, 16, 0.5f), far, withHalo);
        Sample patch = PatchTiler.cut(s, new Patch(new Box(0, 0, 4, 4), 1, "normal", List.of()));
        assertEquals(1, patch.truth().lesions().size(), "only the lesion with a concept pixel in the tile");
        Lesion h = patch.truth().lesions().get(0);
        assertEquals("H", h.id());
        assertEquals(0, h.mask().area());
        assertEquals(4, h.maskOf("margin-spiculated").area());
        // an empty concept mask is kept as empty, not replaced by the lesion's mask
        Sample other = PatchTiler.cut(s, new Patch(new Box(8, 0, 4, 4), 1, "benign", List.of("H")));
        Lesion h2 = other.truth().lesions().get(0);
        assertEquals(4, h2.mask().area());
        assertEquals(0, h2.maskOf("margin-spiculated").area());
    }

    @Test
    void tilesFollowTheWidthAndSkipAStripThatNoTileFits() {
        // 18 px wide: side round(4.5) = 5 (rounding half up), stride 2: x = 0, 2, ..., 12 (12 + 5 = 17 <= 18), 7 across
        // 10 px high: y = 0, 2, 4 (4 + 5 = 9 <= 10) -> 3 rows
        List<Patch> tiles = new PatchTiler(QUARTER).tiles(image(18, 10, filled(18, 10, 0.5f)));
        assertEquals(21, tiles.size());
        assertEquals(5, tiles.get(0).box().width());
        assertEquals(12, tiles.get(6).box().x());
        // an image narrower than a tile's height gives no tiles
        assertTrue(new PatchTiler(QUARTER).tiles(image(16, 3, filled(16, 3, 0.5f))).isEmpty());
    }

    @Test
    void tilingIsDeterministicAndPatchesMatchTiles() {
        Lesion l = lesion("L1", "malignant", rect(new Box(5, 5, 6, 6), 6, 6, 4, 4));
        Sample s = image(16, 16, filled(16, 16, 0.5f), l);
        PatchTiler t = new PatchTiler(QUARTER);
        assertEquals(t.tiles(s), t.tiles(s));
        List<Sample> patches = t.patches(s);
        assertEquals(t.tiles(s).size(), patches.size());
        assertEquals(t.tiles(s).get(10).idIn("img1"), patches.get(10).id());
    }

    @Test
    void patchIdsRoundTrip() {
        assertEquals(Optional.of(new PatchId("a@b", new Box(1, 2, 3, 4))), PatchId.parse("a@b@1,2,3,4"));
        assertEquals(Optional.empty(), PatchId.parse("P_00001_LEFT_CC"));
        assertEquals(Optional.empty(), PatchId.parse("x@1,2,3"));
        assertEquals(Optional.empty(), PatchId.parse("x@1,2,a,4"));
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TilingOptions(0, 0.1f, 0.5, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new TilingOptions(0.25, 0.1f, 1.5, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new TilingOptions(0.25, 0.1f, 0.5, 0));
        Sample s = image(16, 16, filled(16, 16, 0.5f));
        assertThrows(IllegalArgumentException.class,
                () -> PatchTiler.cut(s, new Patch(new Box(14, 0, 4, 4), 1, "normal", List.of())));
        assertEquals(0.25, TilingOptions.defaults().fraction());
    }
}
