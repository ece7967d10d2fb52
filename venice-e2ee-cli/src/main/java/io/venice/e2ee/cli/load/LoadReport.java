package io.venice.e2ee.cli.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.json.VeniceJson;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a load test found.
 *
 * @param streams               streams sent
 * @param completed             streams that ended whole
 * @param failed                streams that ended with an error
 * @param errorsByType          failed streams by the error they ended with; an untyped one's key starts with
 *                              {@code untyped}
 * @param chunksDelivered       text deltas delivered to the callers, over every stream
 * @param lostChunks            over the completed streams: deltas the simulator sent that the caller never got, got
 *                              out of order, or got without the simulator having sent them
 * @param p50Ms                 median time from request to last chunk of the completed streams
 * @param p99Ms                 99th percentile of the same
 * @param addedMsPerChunkP99    99th percentile, over every delta of the completed streams, of the time from the
 *                              simulator writing it to the caller receiving it (decrypted)
 * @param peakHeapMb            the sum of each heap pool's peak use during the run
 * @param threadsBefore         live threads before the run
 * @param threadsAfter          live threads once the run was over and everything closed
 * @param newThreads            the names of the threads alive then that were not before
 * @param connectionsAfter      connections still open at the simulator once the client or proxy was closed
 */
public record LoadReport(int streams, int completed, int failed, Map<String, Integer> errorsByType,
                         long chunksDelivered, long lostChunks, double p50Ms, double p99Ms,
                         double addedMsPerChunkP99, double peakHeapMb, int threadsBefore, int threadsAfter,
                         List<String> newThreads, int connectionsAfter) {
    /** Copies the collections. */
    public LoadReport {
        errorsByType = Map.copyOf(new TreeMap<>(errorsByType));
        newThreads = List.copyOf(newThreads);
    }

    /** Failed streams whose error was not a typed one. */
    public int untypedFailures() {
        return errorsByType.entrySet().stream().filter(e -> e.getKey().startsWith("untyped"))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** Whether nothing was lost or left behind: every stream accounted for, no chunk lost, every failure typed. */
    public boolean clean() {
        return completed + failed == streams && lostChunks == 0 && untypedFailures() == 0 && connectionsAfter == 0
                && threadsAfter <= threadsBefore;
    }

    /**
     * The report as one JSON object with the fields {@code streams, completed, failed, errors_by_type,
     * chunks_delivered, lost_chunks, p50_ms, p99_ms, added_ms_per_chunk_p99, peak_heap_mb, threads_after}.
     */
    public String toJson() {
        ObjectNode o = VeniceJson.object();
        o.put("streams", streams);
        o.put("completed", completed);
        o.put("failed", failed);
        ObjectNode errors = o.putObject("errors_by_type");
        new TreeMap<>(errorsByType).forEach(errors::put);
        o.put("chunks_delivered", chunksDelivered);
        o.put("lost_chunks", lostChunks);
        o.put("p50_ms", round(p50Ms));
        o.put("p99_ms", round(p99Ms));
        o.put("added_ms_per_chunk_p99", round(addedMsPerChunkP99));
        o.put("peak_heap_mb", round(peakHeapMb));
        o.put("threads_after", threadsAfter);
        return o.toString();
    }

    /** The report for a person: the same figures, and the baselines they are held against. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(streams).append(" streams: ").append(completed).append(" completed, ").append(failed)
                .append(" failed").append(completed + failed == streams ? "" : " (NOT ALL ACCOUNTED FOR)").append('\n');
        new TreeMap<>(errorsByType).forEach((k, v) -> sb.append("  ").append(v).append(" × ").append(k).append('\n'));
        sb.append(chunksDelivered).append(" chunks delivered, ").append(lostChunks).append(" lost\n");
        sb.append(String.format(java.util.Locale.ROOT, "stream time p50 %.1f ms, p99 %.1f ms; added per chunk p99"
                + " %.2f ms%n", p50Ms, p99Ms, addedMsPerChunkP99));
        sb.append(String.format(java.util.Locale.ROOT, "peak heap %.1f MB; threads %d before, %d after;"
                + " connections left open %d%n", peakHeapMb, threadsBefore, threadsAfter, connectionsAfter));
        if (!newThreads.isEmpty()) {
            sb.append("threads started during the run and still alive: ").append(String.join(", ", newThreads))
                    .append('\n');
        }
        return sb.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
