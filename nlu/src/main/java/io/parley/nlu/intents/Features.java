package io.parley.nlu.intents;

/**
 * The features a classifier reads, computed alike when it is trained and when it ranks: the
 * embedding moved to the training phrases' centre and normalised, then the n-grams; each block has a
 * fixed length so neither drowns the other.
 */
record Features(float[] centre, float[] idf) {

    static final float EMBEDDING_WEIGHT = 1f;
    static final float LEXICAL_WEIGHT = 0.7f;

    /** The dense block: zeros when there is no embedding (the text is then ranked on its words alone). */
    float[] dense(float[] embedding) {
        float[] dense = new float[centre.length];
        if (embedding == null || embedding.length != centre.length) {
            return dense;
        }
        double norm = 0;
        for (int j = 0; j < dense.length; j++) {
            dense[j] = embedding[j] - centre[j];
            norm += dense[j] * dense[j];
        }
        if (norm == 0) {
            return dense;
        }
        float scale = (float) (EMBEDDING_WEIGHT / Math.sqrt(norm));
        for (int j = 0; j < dense.length; j++) {
            dense[j] *= scale;
        }
        return dense;
    }

    LexicalFeatures.Vector lexical(String text) {
        return LexicalFeatures.vector(text, idf, LEXICAL_WEIGHT);
    }
}
