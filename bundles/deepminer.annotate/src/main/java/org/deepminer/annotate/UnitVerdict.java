package org.deepminer.annotate;

import java.util.Optional;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.explain.UnitLabel;

/**
 * Everything known about one unit's label ({@link UnitLabels#verdicts}).
 *
 * @param unit the unit
 * @param label the effective label: the experts' consensus when any expert rated the unit, else the automatic
 *        label; null when there is none (experts voted "no label", the automatic label was withdrawn, or nobody
 *        labelled it)
 * @param experts the experts' consensus; null when no expert rated the unit
 * @param auto the latest automatic entry, a label or a withdrawal ({@link #autoWithdrawn()}); null when there is
 *        none
 */
public record UnitVerdict(UnitKey unit, UnitLabel label, Consensus experts, Annotation auto) {

    /** Whether the latest automatic entry withdraws the automatic label, leaving the unit without one. */
    public boolean autoWithdrawn() {
        return auto != null && AnnotationRules.isWithdrawal(auto);
    }

    public Optional<UnitLabel> effective() {
        return Optional.ofNullable(label);
    }
}
