package org.deepminer.data.phantom.internal.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One lesion of a breast as drawn, independent of the view: what it is, how large, whether it is malignant.
 * Where it lies and how it is oriented are drawn again for each view; its shape comes from {@link #seed()}
 * so that both views show the same lesion.
 *
 * @param id {@code L1}, {@code L2}...; the CBIS abnormality id is the number
 * @param kind the finding
 * @param shape mass shape concept, or null
 * @param margin mass margin concept, or null
 * @param morphology calcification morphology concept, or null
 * @param distribution calcification distribution concept, or null (vascular calcifications have none)
 * @param sizeMm the lesion's main dimension: mass diameter, asymmetry diameter, distortion line length,
 *        calcification cluster scale
 * @param seed seed of the lesion's shape
 * @param pMalignant P(malignant | concepts) of the pathology model
 * @param malignant the drawn pathology
 * @param assessment BI-RADS assessment, {@code 2}..{@code 5} with {@code 4a}/{@code 4b}/{@code 4c}
 * @param incidental a benign finding of a normal breast (vascular calcifications): described in the report
 *        and masked, but it does not make the image benign and has no DDSM/CBIS entry
 */
public record LesionSpec(String id, Kind kind, String shape, String margin, String morphology, String distribution,
        double sizeMm, long seed, double pMalignant, boolean malignant, String assessment, boolean incidental) {

    /** The kind's concept first, then shape, margin, morphology, distribution. */
    public List<String> concepts() {
        List<String> list = new ArrayList<>();
        list.add(kind.concept());
        list.addAll(descriptors());
        return Collections.unmodifiableList(list);
    }

    /** The descriptor concepts (all but the kind), in report order. */
    public List<String> descriptors() {
        List<String> list = new ArrayList<>(4);
        for (String c : new String[] {shape, margin, morphology, distribution}) {
            if (c != null) {
                list.add(c);
            }
        }
        return list;
    }

    public String pathology() {
        return malignant ? "malignant" : "benign";
    }

    /** DDSM ASSESSMENT digit (4a/4b/4c are 4). */
    public int assessmentNumber() {
        return Assessments.number(assessment);
    }
}
