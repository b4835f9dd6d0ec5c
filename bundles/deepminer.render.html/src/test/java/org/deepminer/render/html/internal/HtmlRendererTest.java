package org.deepminer.render.html.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.imaging.figure.Explanations;
import org.junit.jupiter.api.Test;

class HtmlRendererTest {
    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)\\b[^>]*>");
    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*\\bsrc=\"([^\"]*)\"[^>]*>");

    private final HtmlRenderer renderer = new HtmlRenderer();

    @Test
    void scriptInALabelAndMarkupInTheSentenceRenderInert() throws Exception {
        Explanation e = Explanations.builder().firstTerm("<script>alert('label')</script>")
                .sentence("malignant (0.91): <img src=x onerror=alert(1)> \"quoted\" & more").build();
        String page = render(e, RenderOptions.defaults());
        assertFalse(page.toLowerCase().contains("<script"), "no script element");
        assertTrue(page.contains("&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;"), "the label, escaped");
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; more"), "the sentence, escaped");
        // the only elements are the page's own: no tag came from the data
        List<String> tags = new ArrayList<>();
        Matcher m = TAG.matcher(page);
        while (m.find()) {
            tags.add(m.group(1).toLowerCase());
        }
        List<String> allowed = List.of("html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "strong",
                "section", "figure", "img", "figcaption", "div", "table", "thead", "tbody", "tr", "th", "td", "br", "ul", "li",
                "blockquote", "footer");
        for (String tag : tags) {
            assertTrue(allowed.contains(tag), "unexpected element <" + tag + ">");
        }
        for (String src : sources(page)) {
            assertTrue(src.startsWith("data:image/png;base64,"), "inline image only: " + src.substring(0, Math.min(40, src.length())));
        }
    }

    @Test
    void pageIsSelfContainedWithEveryPanelInlined() throws Exception {
        String page = render(Explanations.standard(), RenderOptions.defaults());
        assertFalse(page.contains("http://") || page.contains("https://") || page.contains("url(") || page.contains("<link")
                || page.contains("<script"), "no external resource");
        assertTrue(page.contains("default-src 'none'"), "the browser is told so too");
        assertTrue(page.contains("@media print"), "print styles");
        List<String> sources = sources(page);
        // mammogram, overlay with its colour bar, three units, class map
        assertEquals(6, sources.size());
        BufferedImage mammogram = decode(sources.get(0));
        assertNotNull(mammogram);
        assertEquals(384, mammogram.getWidth(), "a 128-pixel image is painted at 384");
        assertTrue(decode(sources.get(1)).getWidth() > 384, "the overlay carries its colour bar");
        BufferedImage unit = decode(sources.get(2));
        assertEquals(192, unit.getWidth(), "unit panels at half size");
        assertTrue(page.contains("<td>spiculated</td><td>margin-spiculated</td><td>expert</td><td>confidence 0.80</td><td>dr.a</td>"), page);
        assertTrue(page.contains("<td>unit 3</td>"), "an unlabelled unit named by number");
    }

    @Test
    void explanationWithoutUnitsSaysSo() throws Exception {
        String page = render(Explanations.builder().units(0).build(), RenderOptions.defaults());
        assertTrue(page.contains("<p class=\"note\">No units to show"), page);
        assertFalse(page.contains("<th class=\"num\">Rank</th>"));
        assertEquals(3, sources(page).size(), "mammogram, overlay, class map");
    }

    @Test
    void noPatientIdentifierUnlessKept() throws Exception {
        Map<String, String> extra = Map.of("PatientName", "Doe^Jane", "PatientID", "PID-4711", "PatientBirthDate",
                "19610203", "source", "DOE_JANE.dcm");
        Explanation e = Explanations.builder().sampleId("DOE_JANE_L_MLO").reportText("Jane Doe PID-4711").build();
        // base64 of the panels can spell anything: look at the text
        String hidden = render(e, new RenderOptions(false, extra)).replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "")
                .toLowerCase();
        for (String id : List.of("doe", "jane", "pid-4711", "19610203")) {
            assertFalse(hidden.contains(id), id);
        }
        String kept = render(e, new RenderOptions(true, extra));
        assertTrue(kept.contains("Patient: Doe^Jane, PID-4711, 19610203"), kept);
    }

    @Test
    void explanationWithoutTruthClassMapOrSentenceRenders() throws Exception {
        String page = render(Explanations.builder().withoutTruth().withoutClassMap().sentence(null).build(),
                RenderOptions.defaults());
        assertTrue(page.contains("<h1>malignant (0.91)</h1>"), "the class and its probability stand in for the sentence");
        assertTrue(page.contains("<p>None known for this image.</p>"));
        assertEquals(5, sources(page).size(), "mammogram, overlay, three units");
    }

    private static List<String> sources(String page) {
        List<String> out = new ArrayList<>();
        Matcher m = IMG.matcher(page);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static BufferedImage decode(String dataUri) throws Exception {
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private String render(Explanation e, RenderOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(e, options, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
