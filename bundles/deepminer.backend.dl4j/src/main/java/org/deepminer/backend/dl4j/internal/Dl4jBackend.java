package org.deepminer.backend.dl4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LayerInfo;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelBackend;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.dl4j.internal.train.ModelBundle;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code dl4j} model backend: Deeplearning4j MultiLayerNetwork and ComputationGraph zip files (as
 * ModelSerializer writes them) on ND4J's CPU backend. Same contract as the onnx backend: every layer's
 * activation by name, the class scores of the first output (its linear scores as logits), and the global
 * average pooling + linear head after a layer.
 */
@Component(service = ModelBackend.class, property = {
        ServiceProperties.BACKEND + "=" + Dl4jBackend.NAME,
        ServiceProperties.BACKEND_EXTENSIONS + "=zip",
        ServiceProperties.NAME + "=Deeplearning4j",
        ServiceProperties.DESCRIPTION + "=Deeplearning4j MultiLayerNetwork and ComputationGraph zip files on ND4J (CPU)"})
public class Dl4jBackend implements ModelBackend {

    public static final String NAME = "dl4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canLoad(ModelSource source) {
        if (source.backend().isPresent()) {
            return source.backend().get().equals(NAME);
        }
        String f = source.file().getFileName() == null ? "" : source.file().getFileName().toString().toLowerCase(Locale.ROOT);
        return f.endsWith(".zip") && NetworkFile.looksLikeNetwork(source.file());
    }

    @Override
    public LoadedModel load(ModelSource source) {
        String label = source.file().toAbsolutePath().normalize().toString();
        if (source.backend().isPresent() && !source.backend().get().equals(NAME)) {
            throw new DeepMinerException(label, "declared for backend '" + source.backend().get() + "', not dl4j");
        }
        NetworkFile.Loaded loaded = NetworkFile.load(source.file(), false);
        Network net = loaded.network();
        Optional<NetworkMetadata> meta = loaded.metadata();
        Dl4jModel model = new Dl4jModel(net, label);
        List<LayerInfo> layers = new ArrayList<>();
        for (Network.Node n : net.nodes()) {
            layers.add(new LayerInfo(n.name(), n.layer() != null ? n.layer().getClass().getSimpleName()
                    : n.vertex().getClass().getSimpleName(), shape(net, n)));
        }
        int classes = classCount(net, label);
        List<String> classNames = classes(source, meta, classes, label);
        InputSpec input = input(source, meta, net, label);
        String defaultLayer = defaultLayer(source, meta, net, label);
        model.setInfo(new ModelInfo(source.name(), NAME, loaded.sha256(), classNames, input, defaultLayer, layers,
                meta.map(ModelBundle::onnxMetadata).orElse(Map.of())));
        return model;
    }

    /** [-1, units, -1, -1] for feature maps, [-1, units] for vectors; empty when not known from the configuration. */
    private static List<Long> shape(Network net, Network.Node n) {
        if (n.layer() instanceof ConvolutionLayer c) {
            return List.of(-1L, c.getNOut(), -1L, -1L);
        }
        if (n.layer() instanceof GlobalPoolingLayer) {
            List<Long> in = inputShape(net, n);
            return in.size() >= 2 ? List.of(-1L, in.get(1)) : List.of();
        }
        if ((n.layer() instanceof DenseLayer || n.layer() instanceof BaseOutputLayer) && ((FeedForwardLayer) n.layer()).getNOut() > 0) {
            return List.of(-1L, ((FeedForwardLayer) n.layer()).getNOut());
        }
        // batch norm, activations, pooling, element-wise vertices keep their input's channels
        return inputShape(net, n);
    }

    private static List<Long> inputShape(Network net, Network.Node n) {
        String in = n.inputs().isEmpty() ? null : n.inputs().get(0);
        Network.Node prev = in == null ? null : net.node(in);
        return prev == null ? List.of() : shape(net, prev);
    }

    private static int classCount(Network net, String label) {
        Network.Node out = net.node(net.outputs().get(0));
        if (out.layer() instanceof FeedForwardLayer f && f.getNOut() > 0) {
            return (int) f.getNOut();
        }
        throw new DeepMinerException(label, "cannot tell the number of classes from the output '" + out.name()
                + "' (" + Dl4jModel.describe(out) + ")");
    }

    private static List<String> classes(ModelSource source, Optional<NetworkMetadata> meta, int count, String label) {
        if (!source.classes().isEmpty()) {
            if (source.classes().size() != count) {
                throw new DeepMinerException(label, "declared " + source.classes().size() + " classes ("
                        + String.join(", ", source.classes()) + "), but the network scores " + count);
            }
            return source.classes();
        }
        if (meta.isPresent() && meta.get().classes().size() == count) {
            return meta.get().classes();
        }
        List<String> numbered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbered.add("class" + i);
        }
        return numbered;
    }

    private static InputSpec input(ModelSource source, Optional<NetworkMetadata> meta, Network net, String label) {
        int channels = -1;
        for (Network.Node n : net.nodes()) {
            if (n.inputs().contains(net.inputName()) && n.layer() instanceof ConvolutionLayer c) {
                channels = (int) c.getNIn();
            }
        }
        if (source.input().isPresent()) {
            InputSpec d = source.input().get();
            if (channels > 0 && d.channels() != channels) {
                throw new DeepMinerException(label, "declared " + d.channels() + " input channels, but the first convolution takes " + channels);
            }
            return d;
        }
        if (channels != 1 && channels != 3) {
            throw new DeepMinerException(label, channels < 0 ? "the network does not start with a convolution; declare its input"
                    : "the network takes " + channels + " channels; DeepMiner feeds 1 (grey) or 3 (grey replicated to RGB)");
        }
        float mean = meta.map(NetworkMetadata::mean).orElse(0f);
        float std = meta.map(NetworkMetadata::std).filter(s -> s > 0).orElse(1f);
        return new InputSpec(channels, 0, 0, List.of(mean), List.of(std));
    }

    private static String defaultLayer(ModelSource source, Optional<NetworkMetadata> meta, Network net, String label) {
        List<String> names = net.nodes().stream().map(Network.Node::name).toList();
        if (source.defaultLayer().isPresent()) {
            String l = source.defaultLayer().get();
            if (!names.contains(l)) {
                throw new DeepMinerException(label, "the declared layer '" + l + "' is not in the network; nearest: "
                        + String.join(", ", Dl4jModel.nearest(l, names, 5)));
            }
            return l;
        }
        if (meta.isPresent() && names.contains(meta.get().headLayer())) {
            return meta.get().headLayer();
        }
        // the input of the global pooling the class scores are read from, else the last convolution
        Network.Node out = net.node(net.outputs().get(0));
        if (out.inputs().size() == 1) {
            Network.Node pool = net.node(out.inputs().get(0));
            if (pool != null && pool.layer() instanceof GlobalPoolingLayer && pool.inputs().size() == 1) {
                return pool.inputs().get(0);
            }
        }
        String last = "";
        for (Network.Node n : net.nodes()) {
            if (n.layer() instanceof ConvolutionLayer) {
                last = n.name();
            }
        }
        return last.isEmpty() ? names.get(names.size() - 1) : last;
    }
}
