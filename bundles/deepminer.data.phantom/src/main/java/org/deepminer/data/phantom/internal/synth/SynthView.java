package org.deepminer.data.phantom.internal.synth;

import java.util.List;

/**
 * One synthesised image in canonical orientation (chest wall on the left).
 *
 * @param view CC or MLO
 * @param size side in pixels
 * @param pixels 12-bit stored values, row-major, dense tissue bright
 * @param breast 1 on breast pixels (tissue, pectoral muscle, nipple), else 0
 * @param tissue 1 on breast tissue where lesions may lie (not muscle, not nipple)
 * @param lesions the lesions with their masks, in the case's order
 * @param windowCenter display window centre
 * @param windowWidth display window width
 */
public record SynthView(String view, int size, short[] pixels, byte[] breast, byte[] tissue,
        List<RenderedLesion> lesions, double windowCenter, double windowWidth) {
    public SynthView {
        lesions = List.copyOf(lesions);
    }
}
