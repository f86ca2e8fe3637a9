package io.shelfwise.testing;

import io.shelfwise.segmentation.ChurnReport;
import io.shelfwise.segmentation.MembershipChanges;
import io.shelfwise.segmentation.Segment;
import io.shelfwise.segmentation.SegmentMember;
import io.shelfwise.segmentation.SegmentSize;
import io.shelfwise.segmentation.port.out.SegmentStore;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Segments, members, sizes and churn models in maps, for domain tests. */
public final class InMemorySegmentStore implements SegmentStore {
    private final Map<TenantId, LinkedHashMap<String, Segment>> segments = new HashMap<>();
    private final Map<String, Map<String, SegmentMember>> members = new HashMap<>();
    private final Map<String, List<SegmentSize>> sizes = new HashMap<>();
    private final Map<TenantId, ChurnReport> churn = new HashMap<>();

    private static String key(TenantId tenant, String segmentId) {
        return tenant.value() + "/" + segmentId;
    }

    @Override
    public synchronized void save(TenantId tenant, Segment segment) {
        segments.computeIfAbsent(tenant, t -> new LinkedHashMap<>()).put(segment.id(), segment);
    }

    @Override
    public synchronized Optional<Segment> find(TenantId tenant, String segmentId) {
        return Optional.ofNullable(segments.getOrDefault(tenant, new LinkedHashMap<>()).get(segmentId));
    }

    @Override
    public synchronized List<Segment> list(TenantId tenant) {
        return List.copyOf(segments.getOrDefault(tenant, new LinkedHashMap<>()).values());
    }

    @Override
    public synchronized boolean delete(TenantId tenant, String segmentId) {
        members.remove(key(tenant, segmentId));
        sizes.remove(key(tenant, segmentId));
        return segments.getOrDefault(tenant, new LinkedHashMap<>()).remove(segmentId) != null;
    }

    @Override
    public synchronized List<TenantId> tenantsWithSegments() {
        return segments.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    @Override
    public synchronized void applyMembership(TenantId tenant, MembershipChanges changes) {
        Map<String, SegmentMember> m = members.computeIfAbsent(key(tenant, changes.segmentId()), k -> new HashMap<>());
        changes.left().forEach(m::remove);
        changes.entered().forEach(e -> m.put(e.userId(), e));
    }

    @Override
    public synchronized Map<String, SegmentMember> members(TenantId tenant, String segmentId) {
        return new HashMap<>(members.getOrDefault(key(tenant, segmentId), Map.of()));
    }

    @Override
    public synchronized void recordSize(TenantId tenant, String segmentId, Instant at, long count) {
        sizes.computeIfAbsent(key(tenant, segmentId), k -> new ArrayList<>()).add(new SegmentSize(at, count));
    }

    @Override
    public synchronized List<SegmentSize> sizes(TenantId tenant, String segmentId, Instant since) {
        return sizes.getOrDefault(key(tenant, segmentId), List.of()).stream().filter(s -> !s.at().isBefore(since))
                .toList();
    }

    @Override
    public synchronized void saveChurnModel(TenantId tenant, ChurnReport report) {
        churn.put(tenant, report);
    }

    @Override
    public synchronized Optional<ChurnReport> churnModel(TenantId tenant) {
        return Optional.ofNullable(churn.get(tenant));
    }
}
