package org.deepminer.api.data;

/**
 * A sample's identity, known without reading its image: enough to split, count and shard a data set.
 *
 * @param id unique in the data set
 * @param caseId the case (patient study) it belongs to; all images of a case share a split
 * @param split the partition
 * @param label the image's class
 */
public record SampleRef(String id, String caseId, Split split, String label) {}
