package io.distill4j.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.List;

/** What a network costs: its parameters, the size of its weights and its multiply-accumulates. */
final class NetworkCounts {
    private NetworkCounts() {}

    /** @return the number of trainable parameters (batch-norm running statistics excluded) */
    static long trainableParameters(Network net) {
        long n = 0;
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            if (!isRunningStatistic(p.getKey())) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** @return the size of all float32 weights (running statistics included) in MB (10^6 bytes) */
    static double sizeMb(Network net) {
        long n = 0;
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n * 4 / 1e6;
    }

    /** @return multiply-accumulates of convolutions and linear layers for one image */
    static long macsPerImage(Network net) {
        List<Shape> outputs = net.childOutputShapes();
        long macs = 0;
        for (int i = 0; i < outputs.size(); i++) {
            Block b = net.block().getChildren().get(i).getValue();
            if (b instanceof Convolution || b instanceof Linear) {
                Shape w = b.getParameters().get("weight").getArray().getShape();
                long perOutput = w.size() / w.get(0);
                Shape out = outputs.get(i);
                macs += out.size() / out.get(0) * perOutput;
            }
        }
        return macs;
    }

    private static boolean isRunningStatistic(String parameterName) {
        return parameterName.contains("running");
    }
}
