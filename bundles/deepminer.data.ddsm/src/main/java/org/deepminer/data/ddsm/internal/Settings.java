package org.deepminer.data.ddsm.internal;

import org.deepminer.data.support.Problems;

import java.util.Locale;
import java.util.Map;
import org.deepminer.api.DeepMinerException;

/**
 * The DDSM reader's options ({@code DatasetOptions.extra}).
 *
 * <ul>
 * <li>{@code od=true}: convert grey levels to optical density with the case's digitiser calibration,
 * then to {@code 1 - OD/4} (see {@link Digitizer}); default false: grey level / (2^BITS_PER_PIXEL - 1).
 * <li>{@code flip=laterality} (default): mirror RIGHT images so the chest wall is on the left, as DDSM
 * stores right breasts with the chest wall on the right; {@code flip=tissue}: mirror whenever the right
 * half of the image holds more signal than the left (for collections whose orientation is mixed).
 * <li>{@code unproven=benign} (default): an image whose lesions are UNPROVEN (and none malignant) is
 * labelled benign, since it is abnormal and no malignancy was shown; {@code unproven=skip} leaves such
 * images out.
 * <li>{@code validation=0.1}, {@code test=0.2}: the split fractions when there is no splits.csv.
 * </ul>
 */
record Settings(boolean opticalDensity, boolean flipByTissue, boolean skipUnproven, double validation, double test) {

    static Settings of(Map<String, String> extra, Problems problems, String where) {
        boolean od = false;
        boolean tissue = false;
        boolean skip = false;
        double validation = 0.1;
        double test = 0.2;
        for (Map.Entry<String, String> e : extra.entrySet()) {
            String value = e.getValue().trim().toLowerCase(Locale.ROOT);
            switch (e.getKey().trim().toLowerCase(Locale.ROOT)) {
                case "od" -> od = bool(where, e.getKey(), value);
                case "flip" -> tissue = switch (value) {
                    case "laterality" -> false;
                    case "tissue" -> true;
                    default -> throw bad(where, e.getKey(), value, "laterality or tissue");
                };
                case "unproven" -> skip = switch (value) {
                    case "benign" -> false;
                    case "skip" -> true;
                    default -> throw bad(where, e.getKey(), value, "benign or skip");
                };
                case "validation" -> validation = fraction(where, e.getKey(), value);
                case "test" -> test = fraction(where, e.getKey(), value);
                default -> problems.note(where, "option '" + e.getKey() + "' is not one of the DDSM reader's"
                        + " (od, flip, unproven, validation, test); ignored");
            }
        }
        if (validation + test > 1) {
            throw new DeepMinerException(where, "validation " + validation + " + test " + test + " exceed 1");
        }
        return new Settings(od, tissue, skip, validation, test);
    }

    private static boolean bool(String where, String key, String value) {
        return switch (value) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw bad(where, key, value, "true or false");
        };
    }

    private static double fraction(String where, String key, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(where, key, value, "a fraction 0-1");
    }

    private static DeepMinerException bad(String where, String key, String value, String want) {
        return new DeepMinerException(where, "option " + key + "=" + value + ": want " + want);
    }
}
