package org.deepminer.backend.dl4j.internal.train;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deepminer.api.DeepMinerException;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The architectures {@code deepminer:train} builds. Both end in the head DeepMiner's method needs: the last
 * convolutional block's ReLU ({@link #HEAD_LAYER} of each) -> global average pooling ({@code gap}) -> a
 * linear layer with softmax ({@code out}). With a concept head, a second output ({@code concepts}, sigmoid,
 * multi-label) reads the same pooled features; the class head is unchanged.
 *
 * <p>Every convolution has an explicit padding and {@link ConvolutionMode#Truncate}, so its output size is
 * the one ONNX computes from the same pads for any input size: the networks run fully convolutionally over
 * whole mammograms after training on patches.
 */
public final class Architectures {
    private Architectures() {}

    public static final List<String> NAMES = List.of("small", "resnet", "context");
    public static final String INPUT = "input";
    public static final String POOLED = "gap";
    public static final String CLASS_OUTPUT = "out";
    public static final String CONCEPT_OUTPUT = "concepts";

    /**
     * What to build.
     *
     * @param arch {@code small} or {@code resnet}
     * @param size the square patch side the network is configured with (it runs on any size later)
     * @param classes number of classes
     * @param concepts number of concepts of the concept head; 0 for none
     * @param conceptWeight the concept loss's weight beside the class loss
     * @param units channels of the last convolutional layer (64-256)
     * @param learningRate Adam's initial step; divided by 5 at two thirds of the epochs
     * @param epochs the planned number of epochs (for the step schedule)
     * @param seed weight initialisation seed
     */
    public record Spec(String arch, int size, int classes, int concepts, double conceptWeight, int units,
            double learningRate, int epochs, long seed) {}

    /** The layer the class head (pooling + linear) follows, per architecture. */
    public static String headLayer(String arch) {
        return switch (check(arch)) {
            case "small" -> "relu4";
            case "context" -> "relu5";
            default -> "s3b_relu";
        };
    }

    public static String check(String arch) {
        if (!NAMES.contains(arch)) {
            throw new DeepMinerException(null, "unknown architecture '" + arch + "'; known: " + String.join(", ", NAMES));
        }
        return arch;
    }

    public static ComputationGraphConfiguration build(Spec s) {
        ComputationGraphConfiguration.GraphBuilder g = trunk(s, true);
        String last = headLayer(s.arch());
        g.addLayer(POOLED, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
        g.addLayer(CLASS_OUTPUT, new OutputLayer.Builder(new LossMCXENT()).nOut(s.classes())
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), POOLED);
        if (s.concepts() > 0) {
            LossBinaryXENT loss = new LossBinaryXENT(Nd4j.valueArrayOf(new long[] {1, s.concepts()}, s.conceptWeight()).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
            g.addLayer(CONCEPT_OUTPUT, new OutputLayer.Builder(loss).nOut(s.concepts())
                    .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build(), POOLED);
            g.setOutputs(CLASS_OUTPUT, CONCEPT_OUTPUT);
        } else {
            g.setOutputs(CLASS_OUTPUT);
        }
        return g.build();
    }

    /** The layers up to {@link #headLayer}, with the updater, weight decay and initialisation of both graphs. */
    private static ComputationGraphConfiguration.GraphBuilder trunk(Spec s, boolean batchNorm) {
        check(s.arch());
        if (s.units() < 8 || s.units() > 4096) {
            throw new DeepMinerException(null, "last-layer units must be between 8 and 4096, not " + s.units());
        }
        int drop = Math.max(1, (int) Math.round(s.epochs() * 2.0 / 3));
        var schedule = new MapSchedule.Builder(ScheduleType.EPOCH).add(0, s.learningRate()).add(drop, s.learningRate() / 5).build();
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(s.seed())
                .updater(new Adam(schedule))
                .weightDecay(1e-4)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Truncate)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(s.size(), s.size(), 1));
        String last = switch (s.arch()) {
            case "small" -> small(g, s.units(), batchNorm);
            case "context" -> context(g, s.units(), batchNorm);
            default -> resnet(g, s.units(), batchNorm);
        };
        if (!last.equals(headLayer(s.arch()))) {
            throw new IllegalStateException(last + " is not the head layer of " + s.arch());
        }
        return g;
    }

    /** The class head as a 1x1 convolution over the head layer's map: {@link #CLASS_MAP}, per-location softmax. */
    public static final String CLASS_MAP = "class_map";
    /** The per-location loss after {@link #CLASS_MAP}. */
    public static final String CLASS_MAP_LOSS = "class_map_loss";

    /**
     * The same trunk with the class head applied at every location of the head layer's map instead of after
     * pooling, and a per-location cross-entropy whose mask says which locations count: the graph
     * {@link WholeImageTuning} trains on whole mammograms. Its {@link #CLASS_MAP} weights are the linear head's,
     * transposed. Its batch normalisations are identities (same names, no parameters): whole images would
     * normalise by statistics unlike the patches' (background and all), so the trained ones are folded into
     * the convolutions before them ({@link WholeImageTuning#classMapGraph}).
     */
    public static ComputationGraphConfiguration buildClassMap(Spec s) {
        ComputationGraphConfiguration.GraphBuilder g = trunk(s, false);
        g.addLayer(CLASS_MAP, new ConvolutionLayer.Builder(1, 1).stride(1, 1).nOut(s.classes())
                .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), headLayer(s.arch()));
        g.addLayer(CLASS_MAP_LOSS, new CnnLossLayer.Builder(new LossMCXENT()).activation(Activation.SOFTMAX).build(), CLASS_MAP);
        g.setOutputs(CLASS_MAP_LOSS);
        return g.build();
    }

    /**
     * conv (stride 2) -> pool -> conv -> pool -> conv -> conv, each conv 3x3 with batch norm and ReLU: an eighth
     * of the input's side in the last map (8 x 8 for a 64-pixel patch), a 49-pixel receptive field. Cheap enough
     * to train on two cores.
     */
    private static String small(ComputationGraphConfiguration.GraphBuilder g, int units, boolean norm) {
        return convBnRelu(g, smallStem(g, norm), "", "4", units, 3, 1, norm);
    }

    /** conv (stride 2) -> pool -> conv -> pool -> conv: the layers {@link #small} and {@link #context} share. */
    private static String smallStem(ComputationGraphConfiguration.GraphBuilder g, boolean norm) {
        String x = convBnRelu(g, INPUT, "", "1", 16, 3, 2, norm);
        x = maxPool(g, x, "pool1");
        x = convBnRelu(g, x, "", "2", 32, 3, 1, norm);
        x = maxPool(g, x, "pool2");
        return convBnRelu(g, x, "", "3", 64, 3, 1, norm);
    }

    /**
     * {@link #small}'s first three convolutions, then a third max pooling and two more convolutions: a map of a
     * sixteenth of the input's side and a 105-pixel receptive field, so that at full resolution (0.2 mm per
     * pixel) a cell sees the whole outline of a mass up to about 20 mm, where {@code small}'s 49 pixels see
     * only part of it. Meant for patches of 128 pixels (8 x 8 in the last map); per pixel it costs less than
     * {@code small}, as the widest layers run on the coarsest map.
     */
    private static String context(ComputationGraphConfiguration.GraphBuilder g, int units, boolean norm) {
        String x = maxPool(g, smallStem(g, norm), "pool3");
        x = convBnRelu(g, x, "", "4", 128, 3, 1, norm);
        return convBnRelu(g, x, "", "5", units, 3, 1, norm);
    }

    /**
     * A small ResNet: a stride-2 stem and max pooling, then three stages of two basic blocks (3x3 conv, batch
     * norm, ReLU, 3x3 conv, batch norm, residual add, ReLU); the second and third stages halve the size and
     * double the channels, with a 1x1 projection on the shortcut.
     */
    private static String resnet(ComputationGraphConfiguration.GraphBuilder g, int units, boolean norm) {
        String x = convBnRelu(g, INPUT, "stem_", "", 32, 3, 2, norm);
        x = maxPool(g, x, "stem_pool");
        int[] widths = {Math.max(8, units / 4), Math.max(8, units / 2), units};
        for (int stage = 0; stage < 3; stage++) {
            x = block(g, x, "s" + (stage + 1) + "a_", widths[stage], stage == 0 ? 1 : 2, norm);
            x = block(g, x, "s" + (stage + 1) + "b_", widths[stage], 1, norm);
        }
        return x;
    }

    private static String block(ComputationGraphConfiguration.GraphBuilder g, String in, String p, int width, int stride,
            boolean norm) {
        String a = convBnRelu(g, in, p, "1", width, 3, stride, norm);
        g.addLayer(p + "conv2", conv(width, 3, 1), a);
        g.addLayer(p + "bn2", bn(norm), p + "conv2");
        String shortcut = in;
        // a 1x1 projection wherever the shape changes; the identity otherwise
        if (stride != 1 || needsProjection(in, width)) {
            g.addLayer(p + "proj", new ConvolutionLayer.Builder(1, 1).stride(stride, stride).nOut(width)
                    .activation(Activation.IDENTITY).build(), in);
            g.addLayer(p + "proj_bn", bn(norm), p + "proj");
            shortcut = p + "proj_bn";
        }
        g.addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "bn2", shortcut);
        g.addLayer(p + "relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), p + "add");
        return p + "relu";
    }

    private static boolean needsProjection(String in, int width) {
        // the stem ends with 32 channels; a first block of another width needs a projection
        return in.equals("stem_pool") && width != 32;
    }

    private static String convBnRelu(ComputationGraphConfiguration.GraphBuilder g, String in, String prefix, String index,
            int width, int kernel, int stride, boolean norm) {
        g.addLayer(prefix + "conv" + index, conv(width, kernel, stride), in);
        g.addLayer(prefix + "bn" + index, bn(norm), prefix + "conv" + index);
        g.addLayer(prefix + "relu" + index, new ActivationLayer.Builder().activation(Activation.RELU).build(), prefix + "bn" + index);
        return prefix + "relu" + index;
    }

    private static ConvolutionLayer conv(int width, int kernel, int stride) {
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(kernel / 2, kernel / 2)
                .nOut(width).activation(Activation.IDENTITY).build();
    }

    /** Batch normalisation, or with {@code norm} false an identity of the same name (the class-map graph's). */
    private static org.deeplearning4j.nn.conf.layers.Layer bn(boolean norm) {
        if (!norm) {
            return new ActivationLayer.Builder().activation(Activation.IDENTITY).build();
        }
        // the variance itself, not DL4J's default log10 of the standard deviation: what ONNX stores
        return new BatchNormalization.Builder().useLogStd(false).build();
    }

    private static String maxPool(ComputationGraphConfiguration.GraphBuilder g, String in, String name) {
        g.addLayer(name, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), in);
        return name;
    }
}
