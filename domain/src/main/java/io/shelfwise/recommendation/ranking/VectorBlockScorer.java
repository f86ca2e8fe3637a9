package io.shelfwise.recommendation.ranking;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockScorer} with the JDK's Vector API: a vector of a panel's items at a time (16 with AVX-512), their four
 * partial sums held in registers while the panel's dimensions stream by, each 16-bit value widened to the float it
 * equals, multiply then add (no fused multiply-add), so each lane computes exactly the float the plain loop computes. Loaded only when the
 * {@code jdk.incubator.vector} module is present ({@link BlockScorer#best()}).
 */
final class VectorBlockScorer implements BlockScorer {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED.length() > PANEL
            ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;
    /** As many 16-bit lanes as {@link #SPECIES} has floats. */
    private static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class,
            VectorShape.forBitSize(SPECIES.length() * Short.SIZE));

    @Override
    public void score(short[] panels, int dim, float[] query, int from, int length, float[] out) {
        int lanes = SPECIES.length();
        int panelSize = dim * PANEL;
        for (int j = 0; j < length; j += PANEL) {
            int panel = (from + j) / PANEL * panelSize;
            for (int lane = 0; lane < PANEL; lane += lanes) {
                FloatVector s0 = FloatVector.zero(SPECIES);
                FloatVector s1 = FloatVector.zero(SPECIES);
                FloatVector s2 = FloatVector.zero(SPECIES);
                FloatVector s3 = FloatVector.zero(SPECIES);
                int c = panel + lane;
                int d = 0;
                for (; d + 3 < dim; d += 4, c += 4 * PANEL) {
                    s0 = s0.add(widened(panels, c).mul(query[d]));
                    s1 = s1.add(widened(panels, c + PANEL).mul(query[d + 1]));
                    s2 = s2.add(widened(panels, c + 2 * PANEL).mul(query[d + 2]));
                    s3 = s3.add(widened(panels, c + 3 * PANEL).mul(query[d + 3]));
                }
                for (; d < dim; d++, c += PANEL) {
                    s0 = s0.add(widened(panels, c).mul(query[d]));
                }
                s0.add(s1).add(s2.add(s3)).intoArray(out, j + lane);
            }
        }
    }

    /** The lanes of {@code panels} from {@code at}, as floats. */
    private static FloatVector widened(short[] panels, int at) {
        return (FloatVector) ShortVector.fromArray(SHORTS, panels, at).convertShape(VectorOperators.S2F, SPECIES, 0);
    }
}
