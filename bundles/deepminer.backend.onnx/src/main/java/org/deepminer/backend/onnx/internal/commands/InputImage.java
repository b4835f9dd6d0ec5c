package org.deepminer.backend.onnx.internal.commands;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.imaging.Resample;

/**
 * An image to classify: one grey plane or three colour planes, values in [0, 1]; and its preparation for a
 * model: bilinear resize (half-pixel centres) to the model's input size, grey replicated to three channels
 * (or colour to grey luma for one), normalised with the model's mean and std.
 *
 * @param width columns
 * @param height rows
 * @param planes 1 or 3 planes of {@code height * width} values, row-major
 */
public record InputImage(int width, int height, float[][] planes) {

    static boolean isDicom(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".dcm") || n.endsWith(".dicom")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    /** PNG, JPEG or any format ImageIO reads; 8 or 16 bits per sample. */
    static InputImage read(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (javax.imageio.IIOException e) {
            if (!Files.exists(file)) {
                throw new DeepMinerException(file.toString(), "no such image file");
            }
            throw new DeepMinerException(file.toString(), "cannot decode the image: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DeepMinerException(file.toString(), "cannot read the image: " + e, e);
        }
        if (img == null) {
            if (!Files.exists(file)) {
                throw new DeepMinerException(file.toString(), "no such image file");
            }
            throw new DeepMinerException(file.toString(), "not an image format this runtime reads (PNG, JPEG, BMP, GIF; "
                    + "DICOM through the dicom feature)");
        }
        return of(img);
    }

    static InputImage of(BufferedImage img) {
        if (img.getColorModel() instanceof IndexColorModel) {
            BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(img, 0, 0, null);
            img = rgb;
        }
        Raster r = img.getRaster();
        ColorModel cm = img.getColorModel();
        int colours = cm.getNumColorComponents() >= 3 ? 3 : 1; // alpha is left out
        int w = img.getWidth();
        int h = img.getHeight();
        float[][] planes = new float[colours][];
        for (int b = 0; b < colours; b++) {
            double scale = (1L << cm.getComponentSize(b)) - 1;
            float[] plane = r.getSamples(0, 0, w, h, b, new float[w * h]);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) (plane[i] / scale);
            }
            planes[b] = plane;
        }
        return new InputImage(w, h, planes);
    }

    /** The one-image batch the model takes. */
    FloatTensor toBatch(InputSpec spec) {
        int h = spec.height() > 0 ? spec.height() : height;
        int w = spec.width() > 0 ? spec.width() : width;
        int c = spec.channels();
        float[][] source = planes;
        if (c == 1 && planes.length == 3) {
            float[] grey = new float[width * height];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = 0.299f * planes[0][i] + 0.587f * planes[1][i] + 0.114f * planes[2][i];
            }
            source = new float[][] {grey};
        }
        float[] out = new float[c * h * w];
        float[] resized = null;
        for (int ch = 0; ch < c; ch++) {
            if (ch < source.length) {
                resized = h == height && w == width ? source[ch] : Resample.bilinear(source[ch], width, height, w, h);
            } // else: grey replicated to every channel
            float mean = value(spec.mean(), ch, 0f);
            float std = value(spec.std(), ch, 1f);
            int o = ch * h * w;
            for (int i = 0; i < h * w; i++) {
                out[o + i] = (resized[i] - mean) / std;
            }
        }
        return new FloatTensor(new int[] {1, c, h, w}, out);
    }

    private static float value(List<Float> values, int channel, float absent) {
        return values.isEmpty() ? absent : values.get(values.size() == 1 ? 0 : channel);
    }

    static InputImage grey(float[] pixels, int width, int height) {
        return new InputImage(width, height, new float[][] {pixels});
    }

    static Path existing(String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new DeepMinerException(p.toString(), Files.exists(p) ? "not a file" : "no such file");
        }
        return p;
    }
}
