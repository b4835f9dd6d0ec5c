package org.deepminer.api.model;

/**
 * The manifest capability that turns a bundle into a model bundle:
 *
 * <pre>
 * Provide-Capability: deepminer.model; name=demo; backend=onnx; file=model/demo.onnx; layer=conv4;
 *   classes:List&lt;String&gt;="normal,benign,malignant"; channels:Long=1; size:Long=64;
 *   mean:List&lt;Double&gt;="0.5"; std:List&lt;Double&gt;="0.25"
 * </pre>
 *
 * The backend's extender registers a {@link Model} service when such a bundle starts and closes it when
 * the bundle stops. A raw model file with a JSON sidecar of the same attributes ({@code model.onnx} +
 * {@code model.onnx.json}) dropped into {@code deploy/} is handled the same way.
 */
public final class ModelCapability {
    private ModelCapability() {}

    public static final String NAMESPACE = "deepminer.model";
    public static final String NAME = "name";
    public static final String BACKEND = "backend";
    /** Path of the model file inside the bundle. */
    public static final String FILE = "file";
    public static final String LAYER = "layer";
    public static final String CLASSES = "classes";
    public static final String CHANNELS = "channels";
    /** Square input size in pixels; {@code height} and {@code width} set them apart. */
    public static final String SIZE = "size";
    public static final String HEIGHT = "height";
    public static final String WIDTH = "width";
    public static final String MEAN = "mean";
    public static final String STD = "std";
}
