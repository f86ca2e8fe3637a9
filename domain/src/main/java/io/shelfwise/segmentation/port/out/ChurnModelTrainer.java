package io.shelfwise.segmentation.port.out;

import io.shelfwise.segmentation.ChurnExamples;
import io.shelfwise.segmentation.ChurnModel;

/** Fits a churn model to labelled shoppers (DJL in production), keeping the domain free of it. */
public interface ChurnModelTrainer {
    ChurnModel train(ChurnExamples examples);
}
