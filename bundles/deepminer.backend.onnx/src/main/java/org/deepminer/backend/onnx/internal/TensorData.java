package org.deepminer.backend.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.deepminer.api.DeepMinerException;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorProto;

/** The values of a constant tensor (an initializer or a Constant node), as ONNX stores them. */
final class TensorData {
    private TensorData() {}

    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int INT32 = TensorProto.DataType.INT32_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;
    static final int DOUBLE = TensorProto.DataType.DOUBLE_VALUE;

    static long elements(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    static long[] dims(TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** Float32 values from raw_data (little-endian) or float_data. */
    static float[] floats(TensorProto t, String file) {
        external(t, file);
        long n = elements(t);
        if (t.getDataType() != FLOAT) {
            throw new DeepMinerException(file, "tensor '" + t.getName() + "' holds " + typeName(t.getDataType())
                    + " values; the head's weights must be float32");
        }
        float[] values = new float[Math.toIntExact(n)];
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (raw.remaining() != n * 4) {
                throw new DeepMinerException(file, "tensor '" + t.getName() + "' of shape " + Arrays.toString(dims(t))
                        + " has " + raw.remaining() + " bytes of data, not " + n * 4);
            }
            raw.asFloatBuffer().get(values);
        } else {
            if (t.getFloatDataCount() != n) {
                throw new DeepMinerException(file, "tensor '" + t.getName() + "' of shape " + Arrays.toString(dims(t))
                        + " has " + t.getFloatDataCount() + " values, not " + n);
            }
            for (int i = 0; i < n; i++) {
                values[i] = t.getFloatData(i);
            }
        }
        return values;
    }

    /** Integer values (int64 or int32) from raw_data or the typed fields; null when the tensor is not integral. */
    static long[] longs(TensorProto t) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return null;
        }
        int n = (int) elements(t);
        long[] values = new long[n];
        if (t.getDataType() == INT64) {
            if (!t.getRawData().isEmpty()) {
                ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                if (raw.remaining() != n * 8L) {
                    return null;
                }
                raw.asLongBuffer().get(values);
            } else {
                if (t.getInt64DataCount() != n) {
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    values[i] = t.getInt64Data(i);
                }
            }
            return values;
        }
        if (t.getDataType() == INT32) {
            if (!t.getRawData().isEmpty()) {
                ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                if (raw.remaining() != n * 4L) {
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    values[i] = raw.getInt();
                }
            } else {
                if (t.getInt32DataCount() != n) {
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    values[i] = t.getInt32Data(i);
                }
            }
            return values;
        }
        return null;
    }

    private static void external(TensorProto t, String file) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new DeepMinerException(file, "tensor '" + t.getName()
                    + "' is stored in an external data file; save the model with its weights inside the .onnx file");
        }
    }

    static String typeName(int type) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(type);
        return t == null ? "type " + type : t.name().toLowerCase();
    }
}
