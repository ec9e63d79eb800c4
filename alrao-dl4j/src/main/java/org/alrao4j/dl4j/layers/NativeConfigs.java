package org.alrao4j.dl4j.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every native layer configuration does the same way as the DL4J configuration it extends: copying a built
 * DL4J configuration into it, and wiring the runtime layer it instantiates (listeners, index, parameter views).
 */
final class NativeConfigs {

    private NativeConfigs() {
    }

    /**
     * Copies every instance field that {@code dl4jType} and its superclasses declare from {@code from} to
     * {@code to}.
     *
     * @return {@code to}
     * @throws IllegalStateException if a field cannot be copied (names the field and the builder to use instead)
     */
    static <T extends Layer> T copy(Layer from, T to, Class<? extends Layer> dl4jType) {
        for (Class<?> c = dl4jType; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(to, f.get(from));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    String name = to.getClass().getSimpleName();
                    throw new IllegalStateException(name + ".of: could not copy " + dl4jType.getSimpleName()
                            + " field " + c.getSimpleName() + "." + f.getName() + " (" + e + "); build the layer with "
                            + name + ".Builder instead", e);
                }
            }
        }
        return to;
    }

    /**
     * Wires a runtime layer as DL4J's own {@code instantiate} methods do.
     *
     * @return {@code layer}
     */
    static <L extends AbstractLayer<?>> L wire(L layer, Layer config, NeuralNetConfiguration conf,
                                               Collection<TrainingListener> listeners, int layerIndex,
                                               INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(config.initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
