package org.deepminer.api.data;

/** One image with everything known about it. */
public record Sample(SampleRef ref, MammogramImage image, ImageMetadata metadata, GroundTruth truth) {
    public String id() {
        return ref.id();
    }
}
