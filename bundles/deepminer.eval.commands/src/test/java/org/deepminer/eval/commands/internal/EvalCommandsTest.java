package org.deepminer.eval.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.ModelInfo;
import org.junit.jupiter.api.Test;

class EvalCommandsTest {

    static ModelInfo model(Map<String, String> metadata) {
        return new ModelInfo("m", "onnx", "0".repeat(64), List.of("normal", "benign", "malignant"), InputSpec.grey(0, 0),
                "relu4", List.of(), metadata);
    }

    @Test
    void patchLevelAucCutsTheModelsOwnTrainingPatchesUnlessTheUserSaysOtherwise() {
        ModelInfo eighth = model(Map.of(ModelInfo.PATCH_FRACTION, "0.125", ModelInfo.ARCH, "small"));
        assertEquals(0.125, EvalCommands.patchFraction(0, eighth));
        assertEquals(0.5, EvalCommands.patchFraction(0.5, eighth), "the user's fraction wins");
        assertEquals(EvalCommands.DEFAULT_PATCH_FRACTION, EvalCommands.patchFraction(0, model(Map.of())));
        // a model file's metadata is free text: what is no fraction in (0, 1] falls back to the default
        for (String bad : new String[] {"0", "-0.1", "1.5", "NaN", "a quarter", ""}) {
            assertEquals(EvalCommands.DEFAULT_PATCH_FRACTION,
                    EvalCommands.patchFraction(0, model(Map.of(ModelInfo.PATCH_FRACTION, bad))), bad);
        }
        assertEquals(1.0, EvalCommands.patchFraction(0, model(Map.of(ModelInfo.PATCH_FRACTION, " 1 "))));
    }

    @Test
    void aFractionOutsideZeroToOneIsRefusedBeforeAnyRunIsRead() {
        EvalCommands c = new EvalCommands();
        for (double bad : new double[] {-0.25, 1.5, Double.NaN}) {
            DeepMinerException e = assertThrows(DeepMinerException.class,
                    () -> c.evaluate(List.of("/nonexistent/run"), "test", bad, 10, false, 1, ""));
            assertEquals(true, e.getMessage().contains("--patch-fraction"), e.getMessage());
        }
    }
}
