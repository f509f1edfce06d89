package dev.jury.api.items;

/**
 * One item as read from an upload, before it is stored.
 *
 * @param externalId the requester's id for the item, unique within the project
 * @param payloadJson the item's data as a JSON object (what contributors see)
 * @param text the text contributors read and span labels point into
 * @param goldLabelJson the known answer as {@code LabelValue} JSON, or null
 * @param group the contributor group the item is restricted to, or null
 */
public record ItemRow(
        String externalId, String payloadJson, String text, String goldLabelJson, String group) {}
