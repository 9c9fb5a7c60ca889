package org.profid365.migrator.dataverse;

/**
 * One value of a choice column. Custom values are the publisher's option value prefix × 10,000 + n (e.g.
 * 727000000). [dataverse.md Writing records]
 */
public record ChoiceOption(int value, String label) {
}
