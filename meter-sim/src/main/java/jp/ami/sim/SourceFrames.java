package jp.ami.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The batch frames one source sends for one boundary: the main batches at the source's arrival delay, and the
 * straggler batches of the readings faults held back (reordered, duplicated, late), sent after them. With
 * {@link #outage} the source sends nothing for the boundary.
 */
final class SourceFrames {
    final List<byte[]> main = new ArrayList<>();
    final List<byte[]> reordered = new ArrayList<>();
    final List<byte[]> duplicated = new ArrayList<>();
    final List<byte[]> late = new ArrayList<>();
    boolean outage;
}
