package org.deepminer.data.ddsm.internal;

import java.util.Locale;

/**
 * The film digitisers of DDSM and their published grey-level to optical-density calibrations. HOWTEK
 * scanners were used at two sites with different calibrations: MGH (volumes A) and ISMD (volumes C);
 * the case name's letter tells them apart.
 */
enum Digitizer {
    /** DBA M2100 ImageClear, 16 bits, 42 um: OD = (log10 GL - 4.80662) / -1.07553. */
    DBA {
        @Override
        double opticalDensity(double gl) {
            return (Math.log10(Math.max(gl, 1.0)) - 4.80662) / -1.07553;
        }
    },
    /** HOWTEK 960 at MGH, 12 bits, 43.5 um: OD = 3.789 - 0.00094568 GL. */
    HOWTEK_MGH {
        @Override
        double opticalDensity(double gl) {
            return 3.789 - 0.00094568 * gl;
        }
    },
    /** HOWTEK MultiRAD850 at ISMD, 12 bits, 43.5 um: OD = 3.96604 - 0.00099056 GL. */
    HOWTEK_ISMD {
        @Override
        double opticalDensity(double gl) {
            return 3.96604 - 0.00099056 * gl;
        }
    },
    /** LUMISYS laser, 12 bits, 50 um: OD = (GL - 4096.99) / -1009.01. */
    LUMISYS {
        @Override
        double opticalDensity(double gl) {
            return (gl - 4096.99) / -1009.01;
        }
    };

    /**
     * Optical densities are mapped to [0, 1] as {@code 1 - OD / MAX_OD}, clamped: film OD spans about
     * 0 to 4 in these scans, and low density (clear film under dense tissue) becomes bright, as the
     * platform wants.
     */
    static final double MAX_OD = 4.0;

    abstract double opticalDensity(double gl);

    /** The digitiser of a case, from its DIGITIZER line and case name; null when unknown. */
    static Digitizer of(String digitizerLine, String caseName) {
        String d = digitizerLine.toUpperCase(Locale.ROOT);
        if (d.contains("DBA")) {
            return DBA;
        }
        if (d.contains("LUMISYS")) {
            return LUMISYS;
        }
        if (d.contains("HOWTEK")) {
            return caseName.toUpperCase(Locale.ROOT).startsWith("C") ? HOWTEK_ISMD : HOWTEK_MGH;
        }
        return null;
    }
}
