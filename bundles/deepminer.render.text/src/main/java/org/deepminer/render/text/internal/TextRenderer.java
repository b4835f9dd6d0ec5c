package org.deepminer.render.text.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.ExplanationRenderer;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.imaging.figure.PatientIdentifiers;
import org.deepminer.imaging.figure.Privacy;
import org.deepminer.imaging.figure.Provenance;
import org.deepminer.imaging.figure.Wording;
import org.osgi.service.component.annotations.Component;

/**
 * An explanation as plain UTF-8 text for terminals, logs and e-mails: the sentence, the class
 * probabilities, the shown units in rank order with score, label, label source and evidence, and the
 * ground truth. Control characters of free text (labels are user input) are replaced by blanks, so that
 * nothing printed can move a terminal's cursor. Stateless.
 */
@Component(property = {
        ServiceProperties.RENDERER_FORMAT + "=" + TextRenderer.FORMAT,
        ServiceProperties.RENDERER_MEDIA_TYPE + "=text/plain; charset=utf-8",
        ServiceProperties.NAME + "=text",
        ServiceProperties.DESCRIPTION + "=plain text: sentence, probabilities, ranked units with labels, ground truth"})
public class TextRenderer implements ExplanationRenderer {
    static final String FORMAT = "text";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "txt";
    }

    @Override
    public void render(Explanation explanation, RenderOptions options, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(text(explanation, options));
        w.flush();
    }

    String text(Explanation e, RenderOptions options) {
        Privacy privacy = Privacy.of(options);
        Provenance provenance = Provenance.of(e, options, privacy);
        StringBuilder b = new StringBuilder();
        b.append("DeepMiner explanation\n\n");
        b.append(plain(e.sentence() == null || e.sentence().isBlank() ? e.explained() : e.sentence())).append("\n\n");

        List<String[]> facts = new ArrayList<>();
        if (e.sample().ref() != null) {
            String caseId = privacy.clean(e.sample().ref().caseId());
            facts.add(new String[] {"sample", privacy.clean(e.sample().id()) + (caseId.isEmpty() ? "" : " (case " + caseId + ")")});
        }
        if (!provenance.source().isEmpty()) {
            facts.add(new String[] {"source", provenance.source()});
        }
        facts.add(new String[] {"model", e.modelName() + (provenance.modelSha256().isEmpty() ? ""
                : ", sha256 " + provenance.modelSha256()) + ", layer " + e.layer()});
        if (!provenance.run().isEmpty()) {
            facts.add(new String[] {"run", provenance.run()});
        }
        PatientIdentifiers ids = privacy.identifiers();
        if (!ids.isEmpty()) {
            facts.add(new String[] {"patient", String.join(", ", List.of(ids.name(), ids.id(), ids.birthDate()).stream()
                    .filter(v -> !v.isEmpty()).toList())});
        }
        facts.add(new String[] {"explained", e.explained() + " (predicted " + e.predicted() + ")"});
        appendTable(b, "", facts);
        b.append('\n');

        b.append("probabilities\n");
        List<String[]> probabilities = new ArrayList<>();
        for (Map.Entry<String, Double> p : Wording.probabilities(e)) {
            probabilities.add(new String[] {p.getKey(), Wording.fixed(p.getValue(), 4)});
        }
        appendTable(b, "  ", probabilities);
        b.append('\n');

        b.append("units, ranked by score = weight x max activation for ").append(e.explained()).append('\n');
        if (!e.units().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"rank", "unit", "score", "weight", "max act", "label", "concept", "source", "evidence", "by"});
            for (UnitContribution u : e.units()) {
                UnitLabel l = u.label().orElse(null);
                rows.add(new String[] {Integer.toString(u.rank()), Integer.toString(u.unit()), Wording.fixed(u.score(), 4),
                        Wording.fixed(u.weight(), 4), Wording.fixed(u.maxActivation(), 4), plain(Wording.term(u)),
                        l == null ? "-" : plain(l.conceptId()), l == null ? "-" : Wording.source(l),
                        l == null ? "-" : Wording.evidence(l), l == null || l.by() == null || l.by().isBlank() ? "-" : plain(l.by())});
            }
            appendTable(b, "  ", rows);
        }
        Wording.unitsNote(e).ifPresent(note -> b.append("  ").append(note).append('\n'));
        b.append('\n');

        GroundTruth truth = e.sample().truth();
        Wording.truthLine(truth).ifPresentOrElse(line -> b.append(line).append('\n'),
                () -> b.append("ground truth: none known\n"));
        if (truth != null) {
            for (Lesion lesion : truth.lesions()) {
                b.append("  ").append(plain(Wording.lesion(lesion, privacy)));
                if (lesion.mask() != null) {
                    var box = lesion.mask().box();
                    b.append("; ").append(lesion.mask().area()).append(" px in ").append(box.width()).append('x')
                            .append(box.height()).append(" at ").append(box.x()).append(',').append(box.y());
                }
                b.append('\n');
            }
            if (truth.report() != null && truth.report().text() != null && !truth.report().text().isBlank()) {
                b.append("report: ").append(plain(privacy.clean(truth.report().text()))).append('\n');
            }
        }
        return b.toString();
    }

    /** Rows with aligned columns; numbers (columns whose cells all parse) align right. */
    private static void appendTable(StringBuilder b, String indent, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        boolean[] numeric = new boolean[columns];
        java.util.Arrays.fill(numeric, true);
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r)[c];
                width[c] = Math.max(width[c], cell.codePointCount(0, cell.length()));
                if (r > 0 || rows.size() == 1) {
                    numeric[c] &= cell.matches("-?[0-9.]+|NaN|-?inf");
                }
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < columns; c++) {
                String cell = row[c];
                int pad = width[c] - cell.codePointCount(0, cell.length());
                if (c == columns - 1 && !numeric[c]) {
                    line.append(cell);
                    break;
                }
                if (numeric[c]) {
                    line.append(" ".repeat(pad)).append(cell);
                } else {
                    line.append(cell).append(" ".repeat(pad));
                }
                line.append(c == columns - 1 ? "" : "  ");
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** Free text on one line: control characters (newlines, escapes) become blanks. */
    static String plain(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        return b.toString();
    }
}
