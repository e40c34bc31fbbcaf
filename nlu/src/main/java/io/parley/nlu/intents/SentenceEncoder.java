package io.parley.nlu.intents;

import java.util.ArrayList;
import java.util.List;

import io.parley.avro.SentenceEmbedding;

/**
 * Turns a text into a sentence embedding: a vector of length 1 whose direction stands for what the
 * text means. Runs where texts arrive (the edge, and where documents are read), never in the engine.
 */
public interface SentenceEncoder {

    /** Names the model and its exact bytes, so a vector is only ever read by a classifier trained on the same model. */
    String id();

    /** Length of the vectors. */
    int dimensions();

    /** Whether the model was trained on this language (a BCP 47 tag), so its vectors mean something for it. */
    boolean understands(String languageCode);

    /** The text's embedding, normalised to length 1. */
    float[] embed(String text);

    /** The text's embedding as a command carries it: the vector and the encoder's id. */
    default SentenceEmbedding embedding(String text) {
        float[] values = embed(text);
        List<Float> vector = new ArrayList<>(values.length);
        for (float value : values) {
            vector.add(value);
        }
        return new SentenceEmbedding(id(), vector);
    }

    /** The texts' embeddings, in order. */
    default List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }
}
