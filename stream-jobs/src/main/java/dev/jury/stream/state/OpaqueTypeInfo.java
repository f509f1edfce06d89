package dev.jury.stream.state;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Type information for a value Flink treats as one opaque field (no tuple or POJO fields, not a
 * key) and serialises with a serializer of ours, given by {@link #createSerializer}. Flink's
 * bookkeeping answers live here once; two instances are equal when they are of the same class and
 * describe the same type.
 *
 * @param <T> the value's type
 */
public abstract class OpaqueTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    /**
     * @param type the value's class, not null
     */
    protected OpaqueTypeInfo(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public final boolean isBasicType() {
        return false;
    }

    @Override
    public final boolean isTupleType() {
        return false;
    }

    @Override
    public final int getArity() {
        return 1;
    }

    @Override
    public final int getTotalFields() {
        return 1;
    }

    @Override
    public final Class<T> getTypeClass() {
        return type;
    }

    @Override
    public final boolean isKeyType() {
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + type.getSimpleName() + ">";
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof OpaqueTypeInfo<?> other
                && other.getClass() == getClass()
                && other.type.equals(type);
    }

    @Override
    public final int hashCode() {
        return type.hashCode();
    }

    @Override
    public final boolean canEqual(Object o) {
        return o != null && o.getClass() == getClass();
    }
}
