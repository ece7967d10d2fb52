package io.venice.e2ee.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last requests received, oldest first, bounded. Thread-safe. */
final class ReceivedRequests {
    private final int capacity;
    private final Deque<ReceivedRequest> requests = new ArrayDeque<>();

    ReceivedRequests(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(ReceivedRequest r) {
        if (requests.size() == capacity) {
            requests.removeFirst();
        }
        requests.addLast(r);
    }

    synchronized List<ReceivedRequest> all() {
        return List.copyOf(requests);
    }

    synchronized void clear() {
        requests.clear();
    }
}
