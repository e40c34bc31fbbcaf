package io.parley.nlu.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.parley.avro.Intent;
import io.parley.avro.IntentModel;
import io.parley.avro.IntentScore;
import io.parley.avro.SentenceEmbedding;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class IntentTrainerTest {

    private static final int DIMENSIONS = 32;

    /** Texts whose meaning is a point the test chose: their words say nothing of their intent. */
    private static final class PlacedTexts implements SentenceEncoder {
        final Map<String, float[]> points = new HashMap<>();

        @Override
        public String id() {
            return "placed@1";
        }

        @Override
        public int dimensions() {
            return DIMENSIONS;
        }

        @Override
        public boolean understands(String languageCode) {
            return languageCode.startsWith("en");
        }

        @Override
        public float[] embed(String text) {
            return points.get(text).clone();
        }

    }

    /** Intents as clusters around random directions; {@code spread} sets how much they overlap. */
    private record Clusters(PlacedTexts encoder, List<Intent> training, Map<String, String> test) {

        static Clusters of(int intents, int phrases, int tests, double spread, long seed) {
            Random random = new Random(seed);
            PlacedTexts encoder = new PlacedTexts();
            List<Intent> training = new ArrayList<>();
            Map<String, String> test = new HashMap<>();
            for (int c = 0; c < intents; c++) {
                float[] centre = unit(random);
                List<String> texts = new ArrayList<>();
                for (int k = 0; k < phrases + tests; k++) {
                    String text = "t" + random.nextInt(1_000_000_000);
                    float[] point = new float[DIMENSIONS];
                    for (int j = 0; j < DIMENSIONS; j++) {
                        point[j] = (float) (centre[j] + spread * random.nextGaussian() / Math.sqrt(DIMENSIONS));
                    }
                    encoder.points.put(text, normalised(point));
                    if (k < phrases) {
                        texts.add(text);
                    } else {
                        test.put(text, "intent" + c);
                    }
                }
                training.add(new Intent("intent" + c, texts));
            }
            return new Clusters(encoder, training, test);
        }
    }

    @Test
    void confidenceOnUnseenMessagesIsAboutHowOftenTheClassifierIsRight() {
        Clusters clusters = Clusters.of(20, 10, 40, 1.8, 1);
        IntentModel model = new IntentTrainer(Optional.of(clusters.encoder())).train("en-US", clusters.training());
        IntentClassifier classifier = IntentClassifier.of(model);

        int bins = 10;
        double[] confidence = new double[bins];
        int[] right = new int[bins];
        int[] count = new int[bins];
        int correct = 0;
        for (Map.Entry<String, String> message : clusters.test().entrySet()) {
            IntentScore best = classifier.rank(message.getKey(), clusters.encoder().embedding(message.getKey())).get(0);
            int bin = Math.min(bins - 1, (int) (best.getConfidence() * bins));
            confidence[bin] += best.getConfidence();
            count[bin]++;
            if (best.getIntent().equals(message.getValue())) {
                right[bin]++;
                correct++;
            }
        }
        double expectedCalibrationError = 0;
        for (int bin = 0; bin < bins; bin++) {
            if (count[bin] > 0) {
                expectedCalibrationError += Math.abs(confidence[bin] - right[bin]) / clusters.test().size();
            }
        }
        double accuracy = (double) correct / clusters.test().size();
        // Overlapping clusters: neither trivial nor hopeless, and the confidences say so.
        assertThat(accuracy).as("accuracy").isBetween(0.6, 0.95);
        assertThat(expectedCalibrationError).as("expected calibration error at accuracy %.3f", accuracy).isLessThan(0.08);
        assertThat(model.getHeldOutAccuracy()).isNotNull();
        assertThat((double) model.getHeldOutAccuracy()).as("held-out accuracy").isCloseTo(accuracy, within(0.12));
    }

    @Test
    void theSamePhrasesTrainTheSameModel() {
        Clusters clusters = Clusters.of(6, 8, 0, 0.8, 2);
        IntentTrainer trainer = new IntentTrainer(Optional.of(clusters.encoder()));
        assertThat(trainer.train("en", clusters.training())).isEqualTo(trainer.train("en", clusters.training()));
    }

    @Test
    void aModelRanksTheSameAfterAnAvroRoundTrip() throws IOException {
        Clusters clusters = Clusters.of(5, 6, 10, 0.8, 3);
        IntentModel model = new IntentTrainer(Optional.of(clusters.encoder())).train("en", clusters.training());
        IntentModel read = roundTrip(model);
        for (String text : clusters.test().keySet()) {
            SentenceEmbedding embedding = clusters.encoder().embedding(text);
            assertThat(IntentClassifier.of(read).rank(text, embedding)).isEqualTo(IntentClassifier.of(model).rank(text, embedding));
        }
    }

    @Test
    void aModelPublishedBeforeModelsWereSparseRanksAsItsSparseTwin() {
        Clusters clusters = Clusters.of(5, 6, 10, 0.8, 3);
        IntentModel sparse = new IntentTrainer(Optional.of(clusters.encoder())).train("en", clusters.training());
        // The same model as it was written before: no bucket list, an idf and a weight for every bucket.
        int buckets = sparse.getLexicalBuckets();
        int dense = sparse.getCentre().size();
        int used = sparse.getBuckets().size();
        java.util.List<Float> idf = new java.util.ArrayList<>(java.util.Collections.nCopies(buckets, sparse.getUnseenIdf()));
        for (int k = 0; k < used; k++) {
            idf.set(sparse.getBuckets().get(k), sparse.getIdf().get(k));
        }
        byte[] sparseWeights = new byte[sparse.getWeights().remaining()];
        sparse.getWeights().duplicate().get(sparseWeights);
        int intents = sparse.getIntents().size();
        byte[] denseWeights = new byte[intents * (dense + buckets)];
        for (int c = 0; c < intents; c++) {
            System.arraycopy(sparseWeights, c * (dense + used), denseWeights, c * (dense + buckets), dense);
            for (int k = 0; k < used; k++) {
                denseWeights[c * (dense + buckets) + dense + sparse.getBuckets().get(k)] = sparseWeights[c * (dense + used) + dense + k];
            }
        }
        IntentModel old = IntentModel.newBuilder(sparse).setBuckets(List.of()).setIdf(idf).setUnseenIdf(0f)
                .setWeights(java.nio.ByteBuffer.wrap(denseWeights)).build();

        for (String text : clusters.test().keySet()) {
            SentenceEmbedding embedding = clusters.encoder().embedding(text);
            assertThat(IntentClassifier.of(old).rank(text, embedding)).isEqualTo(IntentClassifier.of(sparse).rank(text, embedding));
        }
    }

    @Test
    void aLanguageTheEncoderDoesNotUnderstandIsLearnedFromItsWordsAlone() {
        PlacedTexts encoder = new PlacedTexts();
        IntentModel model = new IntentTrainer(Optional.of(encoder)).train("af-ZA", List.of(
                new Intent("opening_hours", List.of("wanneer is julle oop", "wat is julle openingstye", "is julle oop op saterdag")),
                new Intent("appointment", List.of("ek wil 'n afspraak maak", "bespreek 'n afspraak", "kan ek die dokter sien")),
                new Intent("goodbye", List.of("totsiens", "dis al", "baie dankie totsiens"))));
        assertThat(model.getSentenceEncoder()).isNull();
        assertThat(model.getCentre()).isEmpty();
        IntentClassifier classifier = IntentClassifier.of(model);
        // A typo keeps most of a word's character n-grams.
        assertThat(classifier.rank("wanner is julle oop?", null).get(0).getIntent()).isEqualTo("opening_hours");
        assertThat(classifier.rank("ek soek 'n afsprak", null).get(0).getIntent()).isEqualTo("appointment");
    }

    @Test
    void anEmbeddingFromAnotherEncoderIsIgnoredAndTheTextRankedOnItsWords() {
        Clusters clusters = Clusters.of(4, 6, 4, 0.5, 4);
        IntentClassifier classifier = IntentClassifier.of(new IntentTrainer(Optional.of(clusters.encoder()))
                .train("en", clusters.training()));
        String text = clusters.test().keySet().iterator().next();
        SentenceEmbedding ours = clusters.encoder().embedding(text);
        SentenceEmbedding theirs = new SentenceEmbedding("another@2", ours.getVector());
        assertThat(classifier.reads(ours)).isTrue();
        assertThat(classifier.reads(theirs)).isFalse();
        assertThat(classifier.rank(text, theirs)).isEqualTo(classifier.rank(text, null));
        assertThat(classifier.rank(text, ours).get(0).getIntent()).isEqualTo(clusters.test().get(text));
    }

    @Test
    void withOnePhraseAnIntentHoldsNothingOutAndItsConfidenceIsLeftUncalibrated() {
        IntentModel model = IntentTrainer.wordsOnly().train("en", List.of(
                new Intent("yes", List.of("yes please")), new Intent("no", List.of("no thanks"))));
        assertThat(model.getHeldOutAccuracy()).isNull();
        assertThat(model.getTemperature()).isEqualTo(1f);
        assertThat(IntentClassifier.of(model).rank("yes", null).get(0).getIntent()).isEqualTo("yes");
    }

    @Test
    void phrasesWithoutWordsAreNotTrainable() {
        assertThat(IntentTrainer.hasWords("?!")).isFalse();
        assertThat(IntentTrainer.hasWords("Où ?")).isTrue();
        assertThat(IntentTrainer.normalised("Où est-ce ?")).isEqualTo(IntentTrainer.normalised("ou est ce"));
    }

    private static IntentModel roundTrip(IntentModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(IntentModel.class).write(model, encoder);
        encoder.flush();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
        return new SpecificDatumReader<>(IntentModel.class).read(null, decoder);
    }

    private static float[] unit(Random random) {
        float[] vector = new float[DIMENSIONS];
        for (int j = 0; j < DIMENSIONS; j++) {
            vector[j] = (float) random.nextGaussian();
        }
        return normalised(vector);
    }

    private static float[] normalised(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        float[] unit = new float[vector.length];
        for (int j = 0; j < vector.length; j++) {
            unit[j] = (float) (vector[j] / Math.sqrt(norm));
        }
        return unit;
    }
}
