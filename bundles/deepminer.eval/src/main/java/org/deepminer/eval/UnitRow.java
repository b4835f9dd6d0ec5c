package org.deepminer.eval;

/**
 * One of a class's top units with its labels.
 *
 * @param clazz the class whose ranking the unit is in
 * @param rank 1-based rank within the class (1 = most frequent in the top-8 lists)
 * @param unit the unit (channel) index in the mined layer
 * @param bestConcept concept id of the best IoU label; "" when none
 * @param iou the best concept's IoU
 * @param ceiling the largest IoU that concept could reach against 0.995-quantile masks
 * @param lift P(mask pixel on the concept | on any lesion) / P(concept | any lesion)
 * @param detector IoU above the detector threshold (0.04 by default)
 * @param specific a detector whose lift is above 1.5
 * @param expertLabel the expert's label (concept id or words); "" if none
 * @param montage the unit's montage (top patches with their masks) as PNG bytes; empty when not shown
 */
public record UnitRow(String clazz, int rank, int unit, String bestConcept, double iou, double ceiling, double lift,
        boolean detector, boolean specific, String expertLabel, byte[] montage) {
    public UnitRow {
        bestConcept = bestConcept == null ? "" : bestConcept;
        expertLabel = expertLabel == null ? "" : expertLabel;
        montage = montage == null ? new byte[0] : montage.clone();
    }

    /** A row without a montage. */
    public UnitRow(String clazz, int rank, int unit, String bestConcept, double iou, double ceiling, double lift,
            boolean detector, boolean specific, String expertLabel) {
        this(clazz, rank, unit, bestConcept, iou, ceiling, lift, detector, specific, expertLabel, null);
    }

    @Override
    public byte[] montage() {
        return montage.clone();
    }
}
