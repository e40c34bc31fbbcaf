package io.parley.nlu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.parley.avro.Intent;
import io.parley.avro.IntentScore;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.util.CollectionObjectStream;
import opennlp.tools.util.TrainingParameters;

/**
 * A bot's intents, learned from its training phrases by OpenNLP's maximum-entropy document
 * categorizer over words and word pairs. Trained once, when a bot is published; the model travels
 * with the bot definition as bytes so every engine instance, and every replay, uses the same one.
 */
public final class IntentClassifier {

    /** Fewer than two intents cannot be told apart: every text would match the only one. */
    public static final int MIN_INTENTS = 2;

    private final DocumentCategorizerME categorizer;

    private IntentClassifier(DoccatModel model) {
        this.categorizer = new DocumentCategorizerME(model);
    }

    /** Trains a model from the intents' phrases and returns it serialized. */
    public static byte[] train(String language, List<Intent> intents) {
        if (intents.size() < MIN_INTENTS) {
            throw new IllegalArgumentException("at least " + MIN_INTENTS + " intents are needed to train a classifier");
        }
        List<DocumentSample> samples = new ArrayList<>();
        for (Intent intent : intents) {
            for (String phrase : intent.getPhrases()) {
                samples.add(new DocumentSample(intent.getName(), tokens(phrase)));
            }
        }
        TrainingParameters parameters = TrainingParameters.defaultParams();
        parameters.put(TrainingParameters.ITERATIONS_PARAM, 300);
        // The default cutoff (5) would drop nearly every feature of a bot's handful of phrases.
        parameters.put(TrainingParameters.CUTOFF_PARAM, 1);
        try {
            FeatureGenerator[] features = {new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2)};
            DoccatModel model = DocumentCategorizerME.train(language, new CollectionObjectStream<>(samples),
                    parameters, new DoccatFactory(features));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            model.serialize(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not train the intent classifier", e);
        }
    }

    public static IntentClassifier load(byte[] model) {
        try {
            return new IntentClassifier(new DoccatModel(new ByteArrayInputStream(model)));
        } catch (IOException e) {
            throw new UncheckedIOException("not an intent classifier model", e);
        }
    }

    /** Every intent with its probability for {@code text}, best first (ties by name, for a stable order). */
    public List<IntentScore> rank(String text) {
        Map<String, Double> scores = categorizer.scoreMap(tokens(text));
        List<IntentScore> ranking = new ArrayList<>();
        scores.forEach((intent, score) -> ranking.add(new IntentScore(intent, score)));
        ranking.sort(Comparator.comparingDouble(IntentScore::getConfidence).reversed()
                .thenComparing(IntentScore::getIntent));
        return ranking;
    }

    /** Lower-cased words without accents or punctuation, so "Où ?" and "ou" are one feature. */
    static String[] tokens(String text) {
        String folded = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "");
        String[] words = folded.split("[^\\p{L}\\p{N}]+");
        return java.util.Arrays.stream(words).filter(word -> !word.isEmpty()).toArray(String[]::new);
    }
}
