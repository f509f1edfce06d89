package dev.jury.events;

/**
 * How well one contributed label agrees with an item's consensus, as reported in {@link
 * ItemResolved#agreements()}. The rewards service weights contributions by it.
 *
 * @param labelId the label this entry is about, as in {@link LabelSubmitted#labelId()}
 * @param contributorId who gave the label
 * @param label the class the contributor chose
 * @param agreement posterior probability of {@code label} for the item, in [0, 1]
 */
public record LabelAgreement(String labelId, String contributorId, String label, double agreement) {

    /** Validates ids and the probability. */
    public LabelAgreement {
        Checks.notBlank(labelId, "LabelAgreement.labelId");
        Checks.notBlank(contributorId, "LabelAgreement.contributorId");
        Checks.notBlank(label, "LabelAgreement.label");
        Checks.probability(agreement, "LabelAgreement.agreement");
    }
}
