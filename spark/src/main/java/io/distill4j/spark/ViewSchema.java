package io.distill4j.spark;

import io.distill4j.store.ViewRow;
import io.distill4j.store.build.StoreBuild;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A store's view columns as a Spark schema: the columns {@link ViewRow} names, in the types the
 * single-process writer gives them (float16 as int16 half bits), then the partition columns
 * {@code seed} and {@code epoch}, which the DataFrame writer turns into {@code seed=S/epoch=E} folders.
 */
final class ViewSchema {
    static final String SEED = "seed";
    static final String EPOCH = "epoch";

    private ViewSchema() {}

    /**
     * @param options what the store holds
     * @return the rows' schema
     */
    static StructType of(StoreBuild.Options options) {
        DataType value = options.logits().precision().equals("float16") ? DataTypes.ShortType : DataTypes.FloatType;
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(ViewRow.POSITION, DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField(ViewRow.SAMPLE, DataTypes.IntegerType, false));
        if (options.logits().topK() == 0) {
            fields.add(list(ViewRow.LOGITS, value));
        } else {
            fields.add(list(ViewRow.TOPK_INDEX, DataTypes.IntegerType));
            fields.add(list(ViewRow.TOPK_LOGIT, value));
            fields.add(DataTypes.createStructField(ViewRow.REST_LOGIT, DataTypes.FloatType, false));
        }
        for (String f : options.features()) {
            fields.add(list(ViewRow.FEATURE + f, DataTypes.FloatType));
        }
        fields.add(DataTypes.createStructField(SEED, DataTypes.LongType, false));
        fields.add(DataTypes.createStructField(EPOCH, DataTypes.IntegerType, false));
        return DataTypes.createStructType(fields);
    }

    private static StructField list(String name, DataType element) {
        return DataTypes.createStructField(name, DataTypes.createArrayType(element, false), false);
    }

    /**
     * @param view one view's values
     * @param seed its seed
     * @param epoch its epoch
     * @return the view as a row of {@link #of}'s schema
     */
    static Row row(ViewRow view, long seed, int epoch) {
        List<Object> values = new ArrayList<>();
        values.add(view.position());
        values.add(view.sample());
        if (view.topIndex() != null) {
            values.add(boxed(view.topIndex()));
        }
        values.add(view.values() != null ? boxed(view.values()) : boxed(view.halves()));
        if (view.topIndex() != null) {
            values.add(view.rest());
        }
        view.features().values().forEach(f -> values.add(boxed(f)));
        values.add(seed);
        values.add(epoch);
        return RowFactory.create(values.toArray());
    }

    /** @return a primitive array's values boxed, as Spark's array columns take them */
    private static Object[] boxed(Object primitives) {
        Object[] out = new Object[java.lang.reflect.Array.getLength(primitives)];
        for (int i = 0; i < out.length; i++) {
            out[i] = java.lang.reflect.Array.get(primitives, i);
        }
        return out;
    }
}
