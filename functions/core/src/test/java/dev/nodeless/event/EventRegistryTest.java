package dev.nodeless.event;

import static dev.nodeless.testing.EventVariants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventRegistryTest {

    @Test
    void spotWarning_readsInstanceFromDetailNotTheMalformedResourceArn_deadlineTwoMinutesAfterEvent() {
        Classified c = EventRegistry.classify(Fixtures.event(SPOT));
        assertThat(c).isInstanceOf(SpotInterruption.class);
        SpotInterruption s = (SpotInterruption) c;
        assertThat(s.instanceIds()).containsExactly("i-0f1e2d3c4b5a69788");
        assertThat(s.deadline()).isEqualTo(Instant.parse("2026-11-20T09:32:00Z"));
        assertThat(s.drains()).isTrue();
        assertThat(s.eventId()).isEqualTo("7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01");
    }

    @Test
    void rebalance_growsButNeverDrains() {
        Classified c = EventRegistry.classify(Fixtures.event(REBALANCE));
        assertThat(c).isEqualTo(new RebalanceRecommendation("7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e02", "i-07a8b9c0d1e2f3a4b"));
        assertThat(((Disruption) c).drains()).isFalse();
    }

    @Test
    void stateChange_stoppingIsADisruption() {
        Classified c = EventRegistry.classify(Fixtures.event(STATE_CHANGE));
        assertThat(c).isInstanceOf(InstanceStateChange.class);
        assertThat(((InstanceStateChange) c).state()).isEqualTo("stopping");
    }

    @Test
    void stateChange_everyLeavingStateCounts_runningAndPendingAreIgnoredWithReason() {
        for (String state : new String[] {"stopping", "shutting-down", "stopped", "terminated"}) {
            assertThat(EventRegistry.classify(variant(STATE_CHANGE, e -> ((ObjectNode) e.get("detail")).put("state", state))))
                    .as(state).isInstanceOf(InstanceStateChange.class);
        }
        Classified running = EventRegistry.classify(variant(STATE_CHANGE, e -> ((ObjectNode) e.get("detail")).put("state", "running")));
        assertThat(running).isInstanceOf(Ignored.class);
        assertThat(((Ignored) running).reason()).contains("'running' is not a disruption");
    }

    @Test
    void health_scheduledChangeWithInstanceId_deadlineIsStartTime() {
        Classified c = EventRegistry.classify(Fixtures.event(HEALTH));
        assertThat(c).isInstanceOf(ScheduledChange.class);
        ScheduledChange s = (ScheduledChange) c;
        assertThat(s.instanceIds()).containsExactly("i-09f8e7d6c5b4a3921");
        assertThat(s.deadline()).isEqualTo(Instant.parse("2026-12-04T06:00:00Z"));
        assertThat(s.eventTypeCode()).isEqualTo("AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED");
    }

    @Test
    void health_entityGivenAsInstanceArn_resolvesToTheInstanceId() {
        ScheduledChange s = (ScheduledChange) EventRegistry.classify(healthWithArnEntity("i-0123456789abcdef0"));
        assertThat(s.instanceIds()).containsExactly("i-0123456789abcdef0");
    }

    @Test
    void health_backupCopyIsDropped() {
        Classified c = EventRegistry.classify(variant(HEALTH, e -> ((ObjectNode) e.get("detail")).put("backupEvent", "true")));
        assertThat(c).isInstanceOf(Ignored.class);
        assertThat(((Ignored) c).reason()).contains("backupEvent");
    }

    @Test
    void health_otherServiceOrCategoryOrNoInstanceEntity_isIgnoredWithReason() {
        assertThat(((Ignored) EventRegistry.classify(variant(HEALTH, e -> ((ObjectNode) e.get("detail")).put("service", "RDS")))).reason())
                .contains("'RDS', not EC2");
        assertThat(((Ignored) EventRegistry.classify(variant(HEALTH, e -> ((ObjectNode) e.get("detail")).put("eventTypeCategory", "issue")))).reason())
                .contains("'issue', not scheduledChange");
        assertThat(((Ignored) EventRegistry.classify(variant(HEALTH, e -> ((ObjectNode) e.get("detail").get("affectedEntities").get(0))
                .put("entityValue", "vol-0123456789abcdef0")))).reason()).contains("names no EC2 instance");
    }

    @Test
    void unknownKind_isIgnoredNamingSourceAndDetailType() {
        Classified c = EventRegistry.classify(variant(SPOT, e -> e.put("detail-type", "EC2 Fast Snapshot Restore State-change Notification")));
        assertThat(c).isEqualTo(new Ignored("7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01", "unknown",
                "no parser for source 'aws.ec2', detail-type 'EC2 Fast Snapshot Restore State-change Notification'"));
    }

    @Test
    void missingOrInvalidInstanceId_isRejectedWithReason() {
        for (String bad : new String[] {"not-an-id", "i-123", "i-0ABCDEF0123456789", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventRegistry.classify(variant(SPOT, e -> ((ObjectNode) e.get("detail")).put("instance-id", bad))))
                    .isInstanceOf(MalformedEventException.class)
                    .hasMessage("detail.instance-id is not an EC2 instance id (i- and 8 or 17 hex digits): '" + bad + "'");
        }
    }

    @Test
    void reconcileRequest_namesItsCluster() {
        assertThat(EventRegistry.classify(Fixtures.event(RECONCILE)))
                .isEqualTo(new ReconcileRequest("demo-reconcile-20261120T0935", "demo", "expiry of 1 node(s) within 30m"));
    }

    @Test
    void malformedJson_isRejectedWithTheParseError() {
        assertThatThrownBy(() -> EventRegistry.classify("{\"source\": \"aws.ec2\", "))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
        assertThatThrownBy(() -> EventRegistry.classify("[1,2]"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> EventRegistry.classify("{\"detail-type\": \"x\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("no 'source'");
    }

    @Test
    void instanceIds_fromIdArnAndProviderId() {
        assertThat(InstanceIds.fromIdOrArn("arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc1234")).contains("i-0abc1234");
        assertThat(InstanceIds.fromIdOrArn("arn:aws:ec2:eu-west-1:123456789012:volume/vol-0abc1234")).isEmpty();
        assertThat(InstanceIds.fromProviderId("aws:///eu-west-1a/i-0123456789abcdef0")).contains("i-0123456789abcdef0");
        assertThat(InstanceIds.fromProviderId("fargate:///x")).isEmpty();
    }
}
