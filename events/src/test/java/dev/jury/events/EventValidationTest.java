package dev.jury.events;

import static dev.jury.events.EventSamples.T0;
import static dev.jury.events.EventSamples.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventValidationTest {

    private static final String ID = "3f1c2a9e-7b4d-4c1e-9a2f-5d6e7f8a9b0c";

    private static LabelSubmitted label(
            String eventId, long occurredAt, boolean gold, LabelValue goldLabel) {
        return new LabelSubmitted(
                eventId,
                1,
                occurredAt,
                "lbl",
                "prj",
                "itm",
                "ctr",
                LabelValue.ofChoice("a"),
                gold,
                goldLabel,
                null,
                null,
                T0,
                0);
    }

    @Test
    @DisplayName("the event id must be a canonical UUID")
    void eventIdIsUuid() {
        assertThatThrownBy(() -> label("not-a-uuid", T0, false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LabelSubmitted.eventId must be a canonical UUID");
        assertThatThrownBy(() -> label(null, T0, false, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("LabelSubmitted.eventId must not be null");
    }

    @Test
    @DisplayName("the UUID check accepts exactly what the 8-4-4-4-12 hex pattern accepts")
    void uuidCheckMatchesThePattern() {
        Pattern pattern =
                Pattern.compile(
                        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        List<String> candidates =
                List.of(
                        ID,
                        ID.toUpperCase(Locale.ROOT),
                        UUID.randomUUID().toString(),
                        ID.substring(1),
                        ID + "0",
                        ID.replace('-', '0'),
                        "3f1c2a9e-7b4d-4c1e-9a2f-5d6e7f8a9b0g",
                        "3f1c2a9e7-b4d-4c1e-9a2f-5d6e7f8a9b0c",
                        "3f1c2a9e-7b4d-4c1e-9a2f-5d6e7f8a9b0 ",
                        "",
                        "------------------------------------");
        for (String c : candidates) {
            assertThat(Checks.isCanonicalUuid(c)).as(c).isEqualTo(pattern.matcher(c).matches());
        }
    }

    @Test
    @DisplayName("a timestamp in epoch seconds is caught as such")
    void secondsAreNotMillis() {
        assertThatThrownBy(() -> label(ID, T0 / 1000, false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LabelSubmitted.occurredAt must be epoch milliseconds")
                .hasMessageContaining("epoch seconds?");
    }

    @Test
    @DisplayName("goldLabel is present exactly when the item is gold")
    void goldLabelMatchesGoldFlag() {
        assertThatThrownBy(() -> label(ID, T0, true, null))
                .hasMessageContaining("goldLabel must be present exactly when gold is true");
        assertThatThrownBy(() -> label(ID, T0, false, LabelValue.ofChoice("a")))
                .hasMessageContaining("goldLabel must be present exactly when gold is true");
    }

    @Test
    @DisplayName("a label value has exactly one shape and well-formed spans")
    void labelValueShape() {
        assertThatThrownBy(() -> new LabelValue(null, null, null))
                .hasMessageContaining("exactly one of choice, choices or spans; had 0");
        assertThatThrownBy(() -> new LabelValue("a", List.of("b"), null))
                .hasMessageContaining("had 2");
        assertThatThrownBy(() -> LabelValue.ofChoice(" ")).hasMessageContaining("non-blank");
        assertThatThrownBy(() -> new TextSpan(4, 4, "X"))
                .hasMessage("TextSpan.end (4) must be greater than start (4)");
        assertThatThrownBy(() -> new TextSpan(-1, 4, "X")).hasMessageContaining("start");
        assertThat(LabelValue.ofChoices(List.of()).choices()).isEmpty();
    }

    @Test
    @DisplayName("the posterior is a distribution that contains the chosen label")
    void posteriorIsDistribution() {
        assertThatThrownBy(() -> resolved("a", Map.of("a", 0.6, "b", 0.6), 1))
                .hasMessageContaining("posterior must sum to 1");
        assertThatThrownBy(() -> resolved("c", Map.of("a", 0.5, "b", 0.5), 1))
                .hasMessageContaining("label 'c' is not a class of the posterior");
        assertThatThrownBy(() -> resolved("a", Map.of("a", 1.5, "b", -0.5), 1))
                .hasMessageContaining("must be in [0, 1]");
        assertThatThrownBy(() -> resolved("a", Map.of(), 1)).hasMessageContaining("not be empty");
        assertThatThrownBy(() -> resolved("a", Map.of("a", 1.0), 2))
                .hasMessage("ItemResolved.agreements has 1 entries but labelsUsed is 2");
    }

    private static ItemResolved resolved(String label, Map<String, Double> posterior, int used) {
        return new ItemResolved(
                ID,
                1,
                T0,
                "prj",
                "itm",
                ResolutionStatus.NEEDS_MORE_LABELS,
                label,
                posterior,
                0.5,
                used,
                List.of(new LabelAgreement("l", "c", label, 0.5)),
                "majority-vote",
                1,
                T0);
    }

    @Test
    @DisplayName("reputation counts and bounds are consistent")
    void reputationConsistency() {
        assertThatThrownBy(
                        () ->
                                ReputationUpdated.create(
                                        "c", null, 0.5, 0.6, 0, 0, 0, 0, Map.of(), T0))
                .hasMessage("ReputationUpdated.lowerBound (0.6) must not exceed score (0.5)");
        assertThatThrownBy(
                        () ->
                                ReputationUpdated.create(
                                        "c", null, 0.5, 0.1, 3, 4, 0, 0, Map.of(), T0))
                .hasMessage(
                        "ReputationUpdated.goldCorrect (4) must not exceed"
                                + " ReputationUpdated.goldAnswered (3)");
        assertThatThrownBy(
                        () ->
                                ReputationUpdated.create(
                                        "c",
                                        null,
                                        0.5,
                                        0.1,
                                        0,
                                        0,
                                        0,
                                        0,
                                        Map.of("a", Map.of("b", -1L)),
                                        T0))
                .hasMessageContaining("confusion[a][b] must be >= 0");
        assertThatThrownBy(
                        () -> ReputationUpdated.create("c", "", 0.5, 0.1, 0, 0, 0, 0, Map.of(), T0))
                .hasMessageContaining("projectId must be absent or non-blank");
    }

    @Test
    @DisplayName("chain values are hex of the right length and CONFIRMED needs a block")
    void chainValues() {
        ContributionRecorded ok = EventSamples.contributionRecorded();
        assertThatThrownBy(() -> contribution(ok, "0x1234", ok.txHash(), 1L, ok.status()))
                .hasMessageContaining("walletAddress must be 0x followed by 40 hex digits");
        assertThatThrownBy(
                        () ->
                                contribution(
                                        ok,
                                        ok.walletAddress(),
                                        "0x" + "g".repeat(64),
                                        1L,
                                        ok.status()))
                .hasMessageContaining("txHash must be 0x followed by 64 hex digits");
        assertThatThrownBy(
                        () ->
                                contribution(
                                        ok,
                                        ok.walletAddress(),
                                        ok.txHash(),
                                        null,
                                        ContributionStatus.CONFIRMED))
                .hasMessage(
                        "ContributionRecorded.blockNumber must be present when status is"
                                + " CONFIRMED");
        assertThat(
                        contribution(
                                        ok,
                                        ok.walletAddress(),
                                        ok.txHash(),
                                        null,
                                        ContributionStatus.FAILED)
                                .blockNumber())
                .isNull();
    }

    private static ContributionRecorded contribution(
            ContributionRecorded base,
            String wallet,
            String txHash,
            Long blockNumber,
            ContributionStatus status) {
        return new ContributionRecorded(
                base.eventId(),
                1,
                base.occurredAt(),
                base.epoch(),
                base.labelId(),
                base.itemId(),
                base.projectId(),
                base.contributorId(),
                wallet,
                base.weight(),
                base.leafHash(),
                base.merkleRoot(),
                base.proof(),
                base.contractAddress(),
                base.chainId(),
                txHash,
                blockNumber,
                status);
    }

    @Test
    @DisplayName("metrics windows are ordered and agreement coefficients are at most 1")
    void metricsRanges() {
        assertThatThrownBy(
                        () ->
                                ProjectMetrics.create(
                                        "p", T0, T0, null, null, 0, 0, 0, null, null, 0))
                .hasMessageContaining("windowEnd (" + T0 + ") must be after windowStart");
        assertThatThrownBy(
                        () ->
                                ProjectMetrics.create(
                                        "p", T0, T0 + 1, 1.2, null, 0, 0, 0, null, null, 0))
                .hasMessage("ProjectMetrics.krippendorffAlpha must be at most 1, was 1.2");
        assertThatThrownBy(
                        () ->
                                ProjectMetrics.create(
                                        "p", T0, T0 + 1, null, Double.NaN, 0, 0, 0, null, null, 0))
                .hasMessageContaining("fleissKappa must be a finite number");
        // Below-chance agreement is legitimate and negative.
        assertThat(
                        ProjectMetrics.create("p", T0, T0 + 1, -0.3, -0.2, 0, 0, 0, null, null, 0)
                                .krippendorffAlpha())
                .isEqualTo(-0.3);
    }

    @Test
    @DisplayName("collections are copied in and cannot be changed through the event")
    void collectionsAreImmutable() {
        List<LabelAgreement> agreements =
                new ArrayList<>(List.of(new LabelAgreement("l", "c", "a", 1.0)));
        Map<String, Double> posterior = new HashMap<>(Map.of("a", 1.0));
        ItemResolved event =
                ItemResolved.create(
                        "p",
                        "i",
                        ResolutionStatus.RESOLVED,
                        "a",
                        posterior,
                        1.0,
                        agreements,
                        "mv",
                        1,
                        T0);

        agreements.clear();
        posterior.put("b", 0.0);

        assertThat(event.agreements()).hasSize(1);
        assertThat(event.posterior()).containsOnlyKeys("a");
        assertThatThrownBy(() -> event.agreements().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(
                        () ->
                                ItemResolved.create(
                                        "p",
                                        "i",
                                        ResolutionStatus.RESOLVED,
                                        "a",
                                        Map.of("a", 1.0),
                                        1.0,
                                        java.util.Arrays.asList((LabelAgreement) null),
                                        "mv",
                                        1,
                                        T0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ItemResolved.agreements[0] must not be null");
    }

    @Test
    @DisplayName("create() fills in a fresh id, the current schema version and the time")
    void factoriesFillEnvelope() {
        long before = System.currentTimeMillis();
        LabelSubmitted a =
                LabelSubmitted.create(
                        "l",
                        "p",
                        "i",
                        "c",
                        LabelValue.ofChoice("x"),
                        LabelValue.ofChoice("y"),
                        null,
                        null,
                        T0,
                        10);
        LabelSubmitted b =
                LabelSubmitted.create(
                        "l", "p", "i", "c", LabelValue.ofChoice("x"), null, null, null, T0, 10);

        assertThat(UUID.fromString(a.eventId()).toString()).isEqualTo(a.eventId());
        assertThat(a.eventId()).isNotEqualTo(b.eventId());
        assertThat(a.schemaVersion()).isEqualTo(LabelSubmitted.SCHEMA_VERSION);
        assertThat(a.occurredAt()).isBetween(before, System.currentTimeMillis());
        assertThat(a.gold()).isTrue();
        assertThat(b.gold()).isFalse();
        assertThat(
                        ItemResolved.create(
                                        "p",
                                        "i",
                                        ResolutionStatus.RESOLVED,
                                        "a",
                                        Map.of("a", 1.0),
                                        1.0,
                                        List.of(new LabelAgreement("l", "c", "a", 1.0)),
                                        "mv",
                                        1,
                                        T0)
                                .labelsUsed())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("hash samples are valid, so the fixtures exercise the happy path")
    void fixturesAreValid() {
        assertThat(hash('f')).hasSize(66);
        assertThat(EventSamples.all()).hasSizeGreaterThan(5);
    }
}
