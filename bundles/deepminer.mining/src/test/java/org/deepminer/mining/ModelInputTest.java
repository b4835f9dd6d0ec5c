package org.deepminer.mining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.model.InputSpec;
import org.deepminer.imaging.Resample;
import org.junit.jupiter.api.Test;

class ModelInputTest {

    static MammogramImage ramp(int w, int h) {
        float[] p = new float[w * h];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i % w) / (float) w;
        }
        return new MammogramImage(w, h, p);
    }

    @Test
    void greyIsReplicatedAndNormalisedPerChannel() {
        InputSpec spec = new InputSpec(3, 0, 0, List.of(0.5f, 0.4f, 0.3f), List.of(0.25f, 0.5f, 1f));
        MammogramImage img = ramp(4, 2);
        float[] x = ModelInput.of(img, spec, 2, 4);
        assertEquals(24, x.length);
        for (int i = 0; i < 8; i++) {
            float v = img.pixels()[i];
            assertEquals((v - 0.5f) / 0.25f, x[i], 1e-6);
            assertEquals((v - 0.4f) / 0.5f, x[8 + i], 1e-6);
            assertEquals(v - 0.3f, x[16 + i], 1e-6);
        }
    }

    @Test
    void imagesAreResizedBilinearlyToAFixedInput() {
        InputSpec spec = InputSpec.grey(3, 5);
        MammogramImage img = ramp(10, 7);
        assertArrayEquals(new int[] {3, 5}, ModelInput.size(spec, 10, 7, 0));
        assertArrayEquals(Resample.bilinear(img.pixels(), 10, 7, 5, 3), ModelInput.of(img, spec, 3, 5));
    }

    @Test
    void aDynamicInputKeepsOrScalesTheShorterSide() {
        InputSpec any = InputSpec.grey(0, 0);
        assertArrayEquals(new int[] {300, 200}, ModelInput.size(any, 200, 300, 0));
        assertArrayEquals(new int[] {1362, 908}, ModelInput.size(any, 2000, 3000, 908), "METHOD.md: shorter side 908");
        InputSpec fixedHeight = new InputSpec(1, 64, 0, List.of(0f), List.of(1f));
        assertArrayEquals(new int[] {64, 100}, ModelInput.size(fixedHeight, 100, 50, 0));
    }
}
