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
        registered = new QuietSpi(new JPEGLosslessImageReaderSpi());
        registry.registerServiceProvider(registered, ImageReaderSpi.class);
    }

    synchronized void unregister() {
        if (registered == null) {
            return;
        }
        IIORegistry registry = IIORegistry.getDefaultInstance();
        ClassLoader ours = JPEGLosslessImageReaderSpi.class.getClassLoader();
        registry.deregisterServiceProvider(registered, ImageReaderSpi.class);
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

    /**
     * The plug-in, found only by its format name as PixelMed asks for it. The original answers every
     * content probe with a line on stdout, so any ImageIO.read of a PNG anywhere in the runtime printed
     * it; PixelMed never probes by content, so this one declines probes silently.
     */
    static final class QuietSpi extends ImageReaderSpi {
        private final ImageReaderSpi delegate;

        QuietSpi(ImageReaderSpi delegate) {
            super(delegate.getVendorName(), delegate.getVersion(), delegate.getFormatNames(), delegate.getFileSuffixes(),
                    delegate.getMIMETypes(), delegate.getPluginClassName(), delegate.getInputTypes(), null, false, null,
                    null, null, null, false, null, null, null, null);
            this.delegate = delegate;
        }

        @Override
        public boolean canDecodeInput(Object source) {
            return false;
        }

        @Override
        public javax.imageio.ImageReader createReaderInstance(Object extension) throws java.io.IOException {
            return delegate.createReaderInstance(extension);
        }

        @Override
        public String getDescription(java.util.Locale locale) {
            return delegate.getDescription(locale);
        }
    }
}
