package org.deepminer.eval;

/**
 * One example explanation shown in the report's gallery.
 *
 * @param id the image id
 * @param caption what the reader should see: prediction, truth, the explanation's words
 * @param correct whether the prediction was right (the gallery shows right and wrong ones apart)
 * @param png the rendered explanation (overlay and outline) as PNG bytes
 */
public record GalleryItem(String id, String caption, boolean correct, byte[] png) {
    public GalleryItem {
        png = png == null ? new byte[0] : png.clone();
    }

    @Override
    public byte[] png() {
        return png.clone();
    }
}
