package dev.jury.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Valid events of every type, including each optional field both set and absent. */
final class EventSamples {

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private EventSamples() {}

    static LabelSubmitted labelSubmitted() {
        return new LabelSubmitted(
                "3f1c2a9e-7b4d-4c1e-9a2f-5d6e7f8a9b0c",
                1,
                T0 + 123,
                "lbl-1",
                "prj-1",
                "itm-1",
                "ctr-alice",
                LabelValue.ofChoice("positive"),
                true,
                LabelValue.ofChoice("positive"),
                "lease-1",
                "idem-1",
                T0 + 100,
                8_400);
    }

    static ItemResolved itemResolved() {
        return new ItemResolved(
                "8b0e5d1c-2f3a-4b6c-8d9e-0a1b2c3d4e5f",
                1,
                T0 + 60_000,
                "prj-1",
                "itm-1",
                ResolutionStatus.RESOLVED,
                "positive",
                Map.of("positive", 0.9, "negative", 0.075, "neutral", 0.025),
                0.9,
                2,
                List.of(
                        new LabelAgreement("lbl-1", "ctr-alice", "positive", 0.9),
                        new LabelAgreement("lbl-2", "ctr-bob", "negative", 0.075)),
                "dawid-skene",
                3,
                T0 + 50_000);
    }

    static ReputationUpdated reputationUpdated() {
        return new ReputationUpdated(
                "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
                1,
                T0 + 70_000,
                "ctr-alice",
                "prj-1",
                0.91,
                0.78,
                10,
                9,
                40,
                37,
                Map.of(
                        "negative", Map.of("negative", 20L, "positive", 2L),
                        "positive", Map.of("negative", 2L, "positive", 26L)),
                T0 + 50_000);
    }

    static ContributionRecorded contributionRecorded() {
        return new ContributionRecorded(
                "0d1e2f3a-4b5c-4d6e-9f70-8192a3b4c5d6",
                1,
                T0 + 3_600_000,
                12,
                "lbl-1",
                "itm-1",
                "prj-1",
                "ctr-alice",
                "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                950_000,
                hash('1'),
                hash('2'),
                List.of(hash('3'), hash('5')),
                "0x5FbDB2315678afecb367f032d93F642f64180aa3",
                31_337,
                hash('4'),
                57L,
                ContributionStatus.CONFIRMED);
    }

    static ProjectMetrics projectMetrics() {
        return new ProjectMetrics(
                "9c8b7a6f-5e4d-4c3b-a2a1-908f7e6d5c4b",
                1,
                T0 + 360_500,
                "prj-1",
                T0,
                T0 + 300_000,
                0.71,
                0.69,
                120,
                24.0,
                35,
                0.875,
                3.2,
                14);
    }

    static String hash(char digit) {
        return "0x" + String.valueOf(digit).repeat(64);
    }

    /** One sample per event type: the canonical one, with every optional field set. */
    static List<JuryEvent> onePerType() {
        return List.of(
                labelSubmitted(),
                itemResolved(),
                reputationUpdated(),
                contributionRecorded(),
                projectMetrics());
    }

    /** Every sample, including variants with optional fields absent and other label shapes. */
    static List<JuryEvent> all() {
        List<JuryEvent> all = new ArrayList<>(onePerType());
        LabelSubmitted ls = labelSubmitted();
        all.add(
                new LabelSubmitted(
                        ls.eventId(),
                        1,
                        ls.occurredAt(),
                        "lbl-2",
                        ls.projectId(),
                        ls.itemId(),
                        "ctr-bob",
                        LabelValue.ofChoices(List.of("outdoor", "animal")),
                        false,
                        null,
                        null,
                        null,
                        ls.submittedAt(),
                        0));
        all.add(
                LabelSubmitted.create(
                        "lbl-3",
                        "prj-ner",
                        "itm-9",
                        "ctr-carol",
                        LabelValue.ofSpans(
                                List.of(new TextSpan(0, 5, "PERSON"), new TextSpan(10, 16, "ORG"))),
                        LabelValue.ofSpans(List.of()),
                        "lease-9",
                        null,
                        T0,
                        12_000));
        all.add(ReputationUpdated.create("ctr-new", null, 0.5, 0.0, 0, 0, 0, 0, Map.of(), T0 + 1));
        all.add(
                ContributionRecorded.create(
                        0,
                        "lbl-1",
                        "itm-1",
                        "prj-1",
                        "ctr-alice",
                        "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
                        1_000_000,
                        hash('a'),
                        hash('a'),
                        List.of(),
                        "0x5FbDB2315678afecb367f032d93F642f64180aa3",
                        1,
                        hash('b'),
                        null,
                        ContributionStatus.SUBMITTED));
        all.add(
                ProjectMetrics.create(
                        "prj-quiet", T0, T0 + 60_000, null, null, 0, 0.0, 0, null, null, 0));
        return all;
    }
}
