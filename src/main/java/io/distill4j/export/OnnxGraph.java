package io.distill4j.export;

import com.google.protobuf.ByteString;
import io.distill4j.Provenance;
import io.distill4j.export.onnx.OnnxProto.AttributeProto;
import io.distill4j.export.onnx.OnnxProto.GraphProto;
import io.distill4j.export.onnx.OnnxProto.ModelProto;
import io.distill4j.export.onnx.OnnxProto.NodeProto;
import io.distill4j.export.onnx.OnnxProto.OperatorSetIdProto;
import io.distill4j.export.onnx.OnnxProto.TensorProto;
import io.distill4j.export.onnx.OnnxProto.TensorShapeProto;
import io.distill4j.export.onnx.OnnxProto.TypeProto;
import io.distill4j.export.onnx.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * An {@link ExportedModel} as an ONNX model (opset {@value #OPSET}) built with the classes protoc
 * generates from the ONNX schema: input {@code input} of shape {@code (batch, 3, side, side)},
 * normalized as the metadata says, output {@code logits} of shape {@code (batch, classes)}. Batch
 * norm is folded into the convolutions ({@link BatchNormFolding}); dropout, the identity at
 * inference, is left out. The manifest goes into {@code metadata_props} ({@link ExportMetadata}).
 */
public final class OnnxGraph {
    /** The operator set the graph uses (18: Resize takes {@code axes}). */
    public static final int OPSET = 18;
    /** IR version 8, the one of opsets 15 to 18. */
    static final int IR_VERSION = 8;
    /** Name of the graph's input. */
    public static final String INPUT = "input";
    /** Name of the graph's output. */
    public static final String OUTPUT = "logits";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int nodes;

    private OnnxGraph() {}

    /**
     * @param model the model to write
     * @return the ONNX model
     */
    public static ModelProto build(ExportedModel model) {
        OnnxGraph g = new OnnxGraph();
        int side = model.manifest().inputSide();
        g.graph.setName(model.manifest().architecture())
                .addInput(value(INPUT, 3, side, side))
                .addOutput(value(OUTPUT, model.classes()));
        String x = INPUT;
        List<Layer> layers = BatchNormFolding.fold(model.layers());
        for (int i = 0; i < layers.size(); i++) {
            boolean last = i == layers.size() - 1;
            x = g.add(layers.get(i), x, last ? OUTPUT : null);
        }
        if (!x.equals(OUTPUT)) {
            throw new IllegalStateException("the last layer of " + model.manifest().architecture() + " is not linear");
        }
        ModelProto.Builder proto = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("distill4j")
                .setProducerVersion(Provenance.productVersion())
                .setDocString("The distill4j model '" + model.manifest().architecture() + "': input " + INPUT
                        + " (batch, 3, " + side + ", " + side + ") = (RGB pixel 0-255 - mean) / std per channel (see"
                        + " metadata_props mean and std), output " + OUTPUT + " (batch, " + model.classes() + ")"
                        + " over class_names; batch norm folded into the convolutions.")
                .setGraph(g.graph);
        for (Map.Entry<String, String> e : ExportMetadata.of(model.manifest(), true).entrySet()) {
            proto.addMetadataProps(io.distill4j.export.onnx.OnnxProto.StringStringEntryProto.newBuilder()
                    .setKey(e.getKey()).setValue(e.getValue()));
        }
        return proto.build();
    }

    /** Adds the nodes of one layer reading {@code x}; returns the name of its output. */
    private String add(Layer layer, String x, String outputName) {
        String y = outputName != null ? outputName : "t" + nodes;
        String n = "n" + nodes++;
        if (layer instanceof Layer.Resize r) {
            node("Resize", n, y, List.of(x, "", "", constant(n + "_sizes", r.to(), r.to())), ints("axes", 2, 3),
                    text("mode", "linear"), text("coordinate_transformation_mode", "half_pixel"));
        } else if (layer instanceof Layer.Conv c) {
            List<String> inputs = c.bias() == null ? List.of(x, initializer(n + "_W", c.weight()))
                    : List.of(x, initializer(n + "_W", c.weight()), initializer(n + "_B", c.bias()));
            node("Conv", n, y, inputs, ints("kernel_shape", c.kernel(), c.kernel()), ints("strides", c.stride(), c.stride()),
                    ints("pads", c.padding(), c.padding(), c.padding(), c.padding()), integer("group", c.groups()));
        } else if (layer instanceof Layer.BatchNorm b) {
            node("BatchNormalization", n, y, List.of(x, initializer(n + "_scale", b.gamma()), initializer(n + "_B", b.beta()),
                    initializer(n + "_mean", b.mean()), initializer(n + "_var", b.variance())),
                    AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                            .setF(b.epsilon()).build());
        } else if (layer instanceof Layer.Relu) {
            node("Relu", n, y, List.of(x));
        } else if (layer instanceof Layer.MaxPool p) {
            node("MaxPool", n, y, List.of(x), ints("kernel_shape", p.kernel(), p.kernel()),
                    ints("strides", p.stride(), p.stride()), ints("pads", 0, 0, 0, 0));
        } else if (layer instanceof Layer.AvgPool p) {
            node("AveragePool", n, y, List.of(x), ints("kernel_shape", p.kernel(), p.kernel()),
                    ints("strides", p.stride(), p.stride()),
                    ints("pads", p.padding(), p.padding(), p.padding(), p.padding()), integer("count_include_pad", 1));
        } else if (layer instanceof Layer.GlobalAvgPool) {
            node("GlobalAveragePool", n, y, List.of(x));
        } else if (layer instanceof Layer.Shuffle s) {
            node("Gather", n, y, List.of(x, constant(n + "_order", s.order())), integer("axis", 1));
        } else if (layer instanceof Layer.Channels c) {
            node("Slice", n, y, List.of(x, constant(n + "_from", c.from()), constant(n + "_to", c.to()),
                    constant(n + "_axis", 1)));
        } else if (layer instanceof Layer.Residual r) {
            String in = addAll(r.pre(), x);
            String main = addAll(r.main(), in);
            String shortcut = addAll(r.shortcut(), in);
            String merged = r.post().isEmpty() ? y : "t" + nodes++;
            switch (r.merge()) {
                case ADD -> node("Add", n, merged, List.of(main, shortcut));
                case CONCAT_MAIN_FIRST -> node("Concat", n, merged, List.of(main, shortcut), integer("axis", 1));
                case CONCAT_SHORTCUT_FIRST -> node("Concat", n, merged, List.of(shortcut, main), integer("axis", 1));
                default -> throw new IllegalStateException(r.merge().toString());
            }
            return r.post().isEmpty() ? merged : addAll(r.post(), merged);
        } else if (layer instanceof Layer.Flatten) {
            node("Flatten", n, y, List.of(x), integer("axis", 1));
        } else if (layer instanceof Layer.Linear l) {
            node("Gemm", n, y, List.of(x, initializer(n + "_W", l.weight()), initializer(n + "_B", l.bias())),
                    integer("transB", 1));
        } else if (layer instanceof Layer.Dropout) {
            return x; // the identity at inference
        } else {
            throw new IllegalStateException("no ONNX form for " + layer);
        }
        return y;
    }

    private String addAll(List<Layer> layers, String x) {
        String y = x;
        for (Layer l : layers) {
            y = add(l, y, null);
        }
        return y;
    }

    private void node(String op, String name, String output, List<String> inputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output).addAllInput(inputs);
        for (AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
    }

    private String initializer(String name, Layer.Tensor t) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(t.values());
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : t.shape()) {
            tensor.addDims(d);
        }
        graph.addInitializer(tensor);
        return name;
    }

    private String constant(String name, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto text(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** A float tensor's type with a symbolic batch dimension first. */
    private static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }
}
