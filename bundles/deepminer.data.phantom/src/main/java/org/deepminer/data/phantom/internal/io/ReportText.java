package org.deepminer.data.phantom.internal.io;

import java.util.List;
import java.util.Locale;
import org.deepminer.data.phantom.internal.model.Concepts;
import org.deepminer.data.phantom.internal.model.Kind;
import org.deepminer.data.phantom.internal.model.LesionSpec;
import org.deepminer.data.phantom.internal.synth.RenderedLesion;

/** The report of an image in words: one DDSM-like sentence per lesion, with the density and the assessment. */
final class ReportText {
    private ReportText() {}

    private static final String[] DENSITY_WORDS = {"almost entirely fatty", "scattered areas of fibroglandular density",
        "heterogeneously dense", "extremely dense"};

    static String of(String laterality, String view, String density, List<RenderedLesion> lesions, String assessment) {
        StringBuilder sb = new StringBuilder();
        sb.append(laterality).append(' ').append(view).append(". The breast is ")
                .append(DENSITY_WORDS[Concepts.ddsmDensity(density) - 1]).append(" (").append(density).append(").");
        boolean finding = false;
        for (RenderedLesion l : lesions) {
            sb.append(' ').append(sentence(l));
            finding |= !l.spec().incidental();
        }
        if (!finding) {
            sb.append(" No mass, suspicious calcification or architectural distortion.");
        }
        sb.append(" Assessment: BI-RADS ").append(assessment.toUpperCase(Locale.ROOT)).append('.');
        return sb.toString();
    }

    static String sentence(RenderedLesion l) {
        LesionSpec s = l.spec();
        String size = String.format(Locale.ROOT, "%.0f mm", l.sizeMm());
        String where = l.location();
        String text = switch (s.kind()) {
            case MASS -> article(Concepts.words(s.shape())) + " " + Concepts.words(s.shape()) + " mass with "
                    + Concepts.words(s.margin()) + " margins, " + size + ", " + where;
            case LYMPH_NODE -> "An intramammary lymph node with circumscribed margins and a fatty hilum, " + size + ", "
                    + where;
            case DISTORTION -> "Architectural distortion without a central mass, " + where;
            case ASYMMETRY -> "A focal asymmetry, " + size + ", " + where;
            case CALCIFICATION -> {
                String morph = capitalised(Concepts.words(s.morphology())) + " calcifications";
                if (s.distribution() == null) {
                    yield morph + " along a vessel, " + where;
                }
                String dist = Concepts.words(s.distribution());
                yield morph + " in " + article(dist).toLowerCase(Locale.ROOT) + " " + dist + " distribution, " + where;
            }
        };
        if (s.incidental()) {
            return text + "; benign.";
        }
        return text + " (BI-RADS " + s.assessment().toUpperCase(Locale.ROOT) + ").";
    }

    private static String article(String word) {
        return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "An" : "A";
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static boolean isMass(Kind kind) {
        return !kind.isCalcification();
    }
}
