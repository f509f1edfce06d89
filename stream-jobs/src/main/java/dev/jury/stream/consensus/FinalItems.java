package dev.jury.stream.consensus;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The items of one project that became final, each with the time it did, remembered so that a label
 * arriving later is recognised as late instead of opening the item again.
 *
 * <p>Why not a {@code MapState<String, Long>}: the set grows with every item a project resolves
 * within the retention (a week by default), and the heap state backend writes all of it at every
 * checkpoint, one entry at a time through Flink's string and long serializers, and copies the whole
 * map on the first write after each checkpoint. With checkpoints a few times a second that was the
 * largest share of the checkpoint threads' CPU. Here the ids sit in a ring in the order they became
 * final, which is also the order they expire in, with an open-addressing index of ring positions
 * beside it: a copy is three array copies, and the checkpointed form is one buffer of times and one
 * of id bytes.
 *
 * <p>Times are expected to arrive in non-decreasing order (processing time). One that goes back
 * only makes the entries behind it expire a little later than their own time says.
 */
public final class FinalItems {
    private static final int MIN_CAPACITY = 16;
    private static final int FORMAT = 1;

    // Ring of ids and times, oldest at head; capacity a power of two.
    private String[] ids;
    private long[] times;
    private int head;
    private int size;
    // Linear-probing index: 1 + ring slot, 0 for empty; twice the ring's capacity.
    private int[] index;

    FinalItems() {
        this(MIN_CAPACITY);
    }

    private FinalItems(int capacity) {
        ids = new String[capacity];
        times = new long[capacity];
        index = new int[capacity * 2];
    }

    /** How many items are remembered. */
    int size() {
        return size;
    }

    /** Whether {@code item} is remembered as final. */
    boolean contains(String item) {
        return find(item) >= 0;
    }

    /**
     * Remembers {@code item} as final since {@code at}. An item already remembered keeps its first
     * time.
     */
    void add(String item, long at) {
        if (find(item) >= 0) {
            return;
        }
        if (size == ids.length) {
            resize(ids.length * 2);
        }
        int slot = (head + size) & (ids.length - 1);
        ids[slot] = item;
        times[slot] = at;
        size++;
        insert(item, slot);
    }

    /**
     * Forgets the items final since before {@code cutoff}, oldest first, stopping at the first one
     * that is not.
     *
     * @return how many were forgotten
     */
    int expireBefore(long cutoff) {
        int removed = 0;
        while (size > 0 && times[head] < cutoff) {
            remove(ids[head], head);
            ids[head] = null;
            head = (head + 1) & (ids.length - 1);
            size--;
            removed++;
        }
        if (ids.length > MIN_CAPACITY && size < ids.length / 4) {
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size)) * 2));
        }
        return removed;
    }

    /** An independent copy (the ids are shared: strings are immutable). */
    FinalItems copy() {
        FinalItems copy = new FinalItems(0);
        copy.ids = ids.clone();
        copy.times = times.clone();
        copy.index = index.clone();
        copy.head = head;
        copy.size = size;
        return copy;
    }

    /** Bytes of heap this holds, roughly: the arrays and the ids. */
    long estimatedBytes() {
        return 12L * ids.length + 4L * index.length + 48L * size;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        out.writeInt(size);
        byte[][] encoded = new byte[size][];
        int idBytes = 0;
        for (int i = 0; i < size; i++) {
            encoded[i] = ids[(head + i) & (ids.length - 1)].getBytes(StandardCharsets.UTF_8);
            idBytes += 4 + encoded[i].length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(8 * size + idBytes);
        for (int i = 0; i < size; i++) {
            buffer.putLong(times[(head + i) & (ids.length - 1)]);
        }
        for (byte[] id : encoded) {
            buffer.putInt(id.length);
            buffer.put(id);
        }
        out.writeInt(buffer.capacity());
        out.write(buffer.array());
    }

    static FinalItems readFrom(DataInput in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("unknown final-items format " + format);
        }
        int count = in.readInt();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long[] at = new long[count];
        for (int i = 0; i < count; i++) {
            at[i] = buffer.getLong();
        }
        FinalItems items =
                new FinalItems(
                        Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, count)) * 2));
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[buffer.getInt()];
            buffer.get(id);
            items.add(new String(id, StandardCharsets.UTF_8), at[i]);
        }
        return items;
    }

    private int find(String item) {
        int mask = index.length - 1;
        for (int i = spread(item.hashCode()) & mask; ; i = (i + 1) & mask) {
            int entry = index[i];
            if (entry == 0) {
                return -1;
            }
            if (ids[entry - 1].equals(item)) {
                return entry - 1;
            }
        }
    }

    private void insert(String item, int slot) {
        int mask = index.length - 1;
        int i = spread(item.hashCode()) & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = slot + 1;
    }

    /** Removes the ring slot's entry from the index, shifting later probes back into the gap. */
    private void remove(String item, int slot) {
        int mask = index.length - 1;
        int i = spread(item.hashCode()) & mask;
        while (index[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        int gap = i;
        for (int j = (gap + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int home = spread(ids[index[j] - 1].hashCode()) & mask;
            // Move j into the gap unless its home lies cyclically in (gap, j].
            boolean homeBetween = gap <= j ? (home > gap && home <= j) : (home > gap || home <= j);
            if (!homeBetween) {
                index[gap] = index[j];
                index[j] = 0;
                gap = j;
            }
        }
        index[gap] = 0;
    }

    private void resize(int capacity) {
        String[] oldIds = ids;
        long[] oldTimes = times;
        int oldHead = head;
        ids = new String[capacity];
        times = new long[capacity];
        index = new int[capacity * 2];
        for (int i = 0; i < size; i++) {
            int from = (oldHead + i) & (oldIds.length - 1);
            ids[i] = oldIds[from];
            times[i] = oldTimes[from];
            insert(ids[i], i);
        }
        head = 0;
    }

    private static int spread(int hash) {
        // Strings' hashes differ little in their low bits for ids that share a prefix.
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    @Override
    public String toString() {
        return "FinalItems[" + size + " items]";
    }
}
