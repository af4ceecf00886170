package dev.nodeless.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Karpenter's scheduling simulation for consolidation, reduced to what this model has: would the pods of some nodes
 * fit on the other schedulable nodes' free room? Each pod, largest CPU first, goes to the node with the most free CPU
 * that holds it (the scheduler's LeastAllocated spreading); a buffer pod only where the strategy lets it (Nodeless keeps
 * them off at-risk nodes with a node affinity, which Karpenter's simulation honours).
 */
final class Packing {
    /** nodes tried for one pod after the one with most free CPU refused it (memory or affinity) */
    private static final int TRIES = 16;
    /** the nodes with most free CPU a single node's pods are tried on (its handful of pods never go further) */
    static final int TOP = 16;

    private final World w;

    Packing(World w) {
        this.w = w;
    }

    /** Whether every pod of {@code nodes} fits on the schedulable nodes outside that set. */
    boolean fits(Collection<Node> nodes) {
        Set<Node> leaving = new HashSet<>(nodes);
        List<Pod> pods = new ArrayList<>();
        for (Node n : nodes) pods.addAll(n.pods);
        pods.sort((a, b) -> Long.compare(b.requests.milliCpu(), a.requests.milliCpu()));
        List<Slot> slots = new ArrayList<>();
        for (Node n : w.live) if (n.schedulable() && !leaving.contains(n)) slots.add(new Slot(n));
        PriorityQueue<Slot> heap = new PriorityQueue<>(Math.max(1, slots.size()), (a, b) -> Long.compare(b.cpu, a.cpu));
        heap.addAll(slots);
        List<Slot> aside = new ArrayList<>();
        for (Pod p : pods) {
            Slot placed = null;
            while (!heap.isEmpty() && aside.size() < TRIES) {
                Slot s = heap.poll();
                if (s.cpu < p.requests.milliCpu()) {
                    aside.add(s);
                    break; // the most free CPU left is too little
                }
                if (s.takes(p, w)) {
                    placed = s;
                    break;
                }
                aside.add(s);
            }
            heap.addAll(aside);
            aside.clear();
            if (placed == null) return false;
            placed.cpu -= p.requests.milliCpu();
            placed.mem -= p.requests.memoryBytes();
            heap.add(placed);
        }
        return true;
    }

    /** Whether {@code n} was found not to fit alone and nothing that could change that happened since. */
    boolean knownMisfit(Node n) {
        return n.misfitRoomVersion == w.roomVersion && n.misfitPodVersion == n.podVersion;
    }

    /**
     * The free room of this moment, to test one node at a time cheaply. It is made again only after the cluster changed
     * ({@link World#stateVersion}): a pass that a pod's consolidateAfter or the 5-minute recheck woke sees the same room.
     */
    Room room() {
        if (last == null || lastVersion != w.stateVersion) {
            last = new Room();
            lastVersion = w.stateVersion;
        }
        w.roomThreshold = last.threshold;
        return last;
    }

    private Room last;
    private long lastVersion = -1;

    /**
     * Which nodes the room holds and in what order: a min-heap over the schedulable nodes in id order keeps the
     * {@link #TOP} + 1 with most free CPU, then they are sorted by free CPU, most first. Among nodes with equal free CPU
     * the heap's own order decides which stay and which come first; only this measure says so.
     */
    private Node[] measureRoom() {
        Node[] top = heap;
        int size = 0;
        for (Node n : w.live) {
            if (!n.schedulable()) continue;
            siftUp(top, size++, n);
            if (size > TOP + 1) {
                Node last = top[--size];
                top[size] = null;
                siftDown(top, size, last);
            }
        }
        Node[] nodes = java.util.Arrays.copyOf(top, size);
        java.util.Arrays.fill(top, null);
        java.util.Arrays.sort(nodes, (a, b) -> Long.compare(b.freeCpu, a.freeCpu));
        return nodes;
    }

    /**
     * The min-heap of {@link #measureRoom} on free CPU, kept as an array and sifted exactly as
     * {@link PriorityQueue#add} and {@link PriorityQueue#poll} sift: the same nodes stay, in the same array order (which
     * decides ties), without a comparator call and a queue object per measure.
     */
    private final Node[] heap = new Node[TOP + 2];

    private static void siftUp(Node[] es, int k, Node x) {
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            Node e = es[parent];
            if (x.freeCpu >= e.freeCpu) break;
            es[k] = e;
            k = parent;
        }
        es[k] = x;
    }

    /** {@link PriorityQueue#poll}'s sift: {@code x} (the heap's last) goes down from the root of a heap of {@code n}. */
    private static void siftDown(Node[] es, int n, Node x) {
        if (n == 0) return;
        int k = 0;
        int half = n >>> 1;
        while (k < half) {
            int child = (k << 1) + 1;
            Node c = es[child];
            int right = child + 1;
            if (right < n && c.freeCpu > es[right].freeCpu) c = es[child = right];
            if (x.freeCpu <= c.freeCpu) break;
            es[k] = c;
            k = child;
        }
        es[k] = x;
    }

    /**
     * The nodes with most free CPU. A node found not to fit stays so until its pods change or free room appears
     * somewhere ({@link World#roomVersion}): that answer is remembered on the node, so a pass over an unchanged packed
     * cluster costs one comparison per candidate.
     */
    final class Room {
        /**
         * The free CPU of the room's nodes, most first: which values the heap keeps does not depend on ties, so they
         * are read from the scheduler's index ({@link World#byFreeCpu}) without measuring. Most nodes are refused on
         * these values alone.
         */
        private final long[] values = new long[TOP + 1];
        private final int count;
        private final long freeCpu;
        /** the least free CPU among the nodes (see {@link World#roomThreshold}), 0 when there are {@link #TOP} or fewer */
        private final long threshold;
        /** the nodes themselves, measured ({@link #measureRoom}) when a node passes the values: null until then */
        private Node[] nodes;
        private long[] cpu;
        private long[] mem;
        /** the node behind each slot of {@link #cpu} and {@link #mem} (the tested node left out) */
        private Node[] slot;
        private final Pod[] pods = new Pod[64];

        private Room() {
            int k = 0;
            long sum = 0;
            for (Node n : w.byFreeCpu) {
                if (k == values.length) break;
                if (!n.schedulable()) continue;
                values[k++] = n.freeCpu;
                sum += n.freeCpu;
            }
            count = k;
            freeCpu = sum;
            threshold = k > TOP ? values[TOP] : 0;
        }

        private void measure() {
            if (nodes != null) return;
            nodes = measureRoom();
            cpu = new long[nodes.length];
            mem = new long[nodes.length];
            slot = new Node[nodes.length];
        }

        /**
         * Whether the values alone refuse {@code n}: its largest pod is larger than the most free CPU of another node,
         * or its pods need more than the others' free CPU together. {@code inRoom}: whether {@code n} is one of them.
         */
        private boolean refused(Node n, boolean inRoom, long need, long largest) {
            long first = count > 0 ? values[0] : 0;
            long most = inRoom && n.freeCpu == first ? (count > 1 ? values[1] : 0) : first;
            return largest > most || need > freeCpu - (inRoom ? n.freeCpu : 0);
        }

        /**
         * Refused on values whether or not {@code n} is in the room: it surely is when its free CPU is above the room's
         * least (or every schedulable node is in), surely not below; on a tie the heap decided. Refused as an outsider
         * implies refused as an insider (less room, a lower "most"), so a tie is judged as an outsider.
         */
        private boolean refused(Node n, long need, long largest) {
            boolean surelyIn = n.schedulable() && (count <= TOP || n.freeCpu > threshold);
            return refused(n, surelyIn, need, largest);
        }

        private boolean contains(Node n) {
            for (Node o : nodes) if (o == n) return true;
            return false;
        }

        /** Whether the pods of {@code n} fit on the nodes with most free room, {@code n} left out. */
        boolean fitsAlone(Node n) {
            if (Packing.this.knownMisfit(n)) return false;
            boolean fits = pack(n);
            if (!fits) {
                n.misfitRoomVersion = w.roomVersion;
                n.misfitPodVersion = n.podVersion;
            }
            return fits;
        }

        /**
         * Whether no node of {@code nodes} fits alone; then each is remembered as a misfit, as {@link #fitsAlone}
         * would have. When one fits, nothing is remembered: the caller asks {@link #fitsAlone} in its own order.
         */
        boolean noneFitsAlone(List<Node> nodes) {
            for (Node n : nodes) if (pack(n)) return false;
            for (Node n : nodes) {
                n.misfitRoomVersion = w.roomVersion;
                n.misfitPodVersion = n.podVersion;
            }
            return true;
        }

        private boolean pack(Node n) {
            long need = n.usedCpu();
            long largest = n.largestPodCpu();
            if (refused(n, need, largest)) return false;
            measure();
            return packMeasured(n, need, largest);
        }

        /** {@link #fitsAlone}'s answer the long way: on the measured nodes, without the refusal on values alone. */
        boolean fitsMeasured(Node n) {
            measure();
            return packMeasured(n, n.usedCpu(), n.largestPodCpu());
        }

        private boolean packMeasured(Node n, long need, long largest) {
            long most = nodes.length == 0 ? 0 : nodes[0] != n ? nodes[0].freeCpu : nodes.length > 1 ? nodes[1].freeCpu : 0;
            if (largest > most || need > freeCpu - (contains(n) ? n.freeCpu : 0)) return false;
            int k = 0;
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] == n) continue;
                cpu[k] = nodes[i].freeCpu;
                mem[k] = nodes[i].freeMem;
                slot[k] = nodes[i];
                k++;
            }
            int count = Math.min(n.pods.size(), pods.length);
            if (count < n.pods.size()) return false; // more pods than one node ever holds here: treat as not movable
            for (int i = 0; i < count; i++) pods[i] = n.pods.get(i);
            java.util.Arrays.sort(pods, 0, count, (a, b) -> Long.compare(b.requests.milliCpu(), a.requests.milliCpu()));
            for (int i = 0; i < count; i++) {
                Pod p = pods[i];
                int best = -1;
                for (int j = 0; j < k; j++) {
                    if (p.requests.milliCpu() <= cpu[j] && p.requests.memoryBytes() <= mem[j]
                            && (best < 0 || cpu[j] > cpu[best])
                            && (!p.buffer || w.strategy.mayHost(slot[j]))) {
                        best = j;
                    }
                }
                if (best < 0) return false;
                cpu[best] -= p.requests.milliCpu();
                mem[best] -= p.requests.memoryBytes();
            }
            return true;
        }
    }

    private static final class Slot {
        final Node node;
        long cpu;
        long mem;

        Slot(Node n) {
            this.node = n;
            this.cpu = n.freeCpu;
            this.mem = n.freeMem;
        }

        boolean takes(Pod p, World w) {
            return p.requests.milliCpu() <= cpu && p.requests.memoryBytes() <= mem && (!p.buffer || w.strategy.mayHost(node));
        }
    }
}
