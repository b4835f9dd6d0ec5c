package org.deepminer.dicom;

/**
 * A region of the source image, as an SR spatial coordinate (SCOORD) item writes it.
 *
 * <p>Coordinates are in the source's pixel space as {@link SourceImage} describes it: {@code x} the
 * column, {@code y} the row, (0, 0) the top-left corner of the first pixel, so (0.5, 0.5) is its centre
 * and every point lies in [0, width] x [0, height].
 *
 * @param shape how the points are joined
 * @param points {@code x0, y0, x1, y1, ...}; not copied
 */
public record ImageRegion(Shape shape, float[] points) {

    /** How the points are joined. */
    public enum Shape {
        /** One point (e.g. the centre of a calcification): written as POINT with purpose "Center". */
        POINT,
        /** An open line through the points: written as POLYLINE. */
        POLYLINE,
        /** A closed outline: written as a closed POLYLINE (first point repeated) with purpose "Outline". */
        POLYGON
    }

    /** One point. */
    public static ImageRegion point(float x, float y) {
        return new ImageRegion(Shape.POINT, new float[] {x, y});
    }

    /** A closed outline through {@code x0, y0, x1, y1, ...} (at least three points). */
    public static ImageRegion polygon(float... points) {
        return new ImageRegion(Shape.POLYGON, points);
    }

    /** The outline of the box from corner (x0, y0) to corner (x1, y1). */
    public static ImageRegion box(float x0, float y0, float x1, float y1) {
        return polygon(x0, y0, x1, y0, x1, y1, x0, y1);
    }
}
