package org.deepminer.dicom.internal;

import com.pixelmed.imageio.JPEGLosslessImageReaderSpi;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * PixelMed decodes JPEG lossless through an ImageIO plug-in. ImageIO finds plug-ins with the thread's
 * context class loader, which inside OSGi does not see this bundle's embedded jar, so the plug-in is
 * registered explicitly, and removed on stop (with any copy ImageIO's own scan made from this bundle)
 * so that the JDK-wide registry holds no class of a stopped bundle.
 */
final class ImageIoCodecs {
    private ImageReaderSpi registered;

    synchronized void register() {
        if (registered != null) {
            return;
        }
        IIORegistry registry = IIORegistry.getDefaultInstance();
        registered = new JPEGLosslessImageReaderSpi();
        registry.registerServiceProvider(registered, ImageReaderSpi.class);
    }

    synchronized void unregister() {
        if (registered == null) {
            return;
        }
        IIORegistry registry = IIORegistry.getDefaultInstance();
        ClassLoader ours = JPEGLosslessImageReaderSpi.class.getClassLoader();
        List<ImageReaderSpi> mine = new ArrayList<>();
        Iterator<ImageReaderSpi> all = registry.getServiceProviders(ImageReaderSpi.class, false);
        while (all.hasNext()) {
            ImageReaderSpi spi = all.next();
            if (spi.getClass().getClassLoader() == ours) {
                mine.add(spi);
            }
        }
        for (ImageReaderSpi spi : mine) {
            registry.deregisterServiceProvider(spi, ImageReaderSpi.class);
        }
        registered = null;
    }
}
