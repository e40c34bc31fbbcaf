package io.parley.nlu.intents;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import io.parley.nlu.entities.FoldedText;

/**
 * A text's words, word pairs and character n-grams of its words, hashed into a fixed number of
 * buckets and tf-idf weighted. They carry what a sentence encoder may miss: keywords, typos (a
 * misspelt word keeps most of its n-grams), and languages the encoder was not trained on.
 */
final class LexicalFeatures {

    /** Enough that a bot's phrases rarely share a bucket by chance, few enough to keep the model small. */
    static final int BUCKETS = 4096;
    private static final int SHORTEST_GRAM = 3;
    private static final int LONGEST_GRAM = 5;

    /** A sparse feature vector: bucket indexes in increasing order, with their values. */
    record Vector(int[] buckets, float[] values) {

        static final Vector EMPTY = new Vector(new int[0], new float[0]);
    }

    private LexicalFeatures() {
    }

    /** Lower-cased words without accents or punctuation, so "Où ?" and "ou" are one word. */
    static String[] words(String text) {
        return Arrays.stream(FoldedText.fold(text).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .toArray(String[]::new);
    }

    /** Each feature's bucket, once per occurrence. */
    static int[] hashedGrams(String text, int buckets) {
        String[] words = words(text);
        List<Integer> grams = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            grams.add(bucket("w " + words[i], buckets));
            if (i + 1 < words.length) {
                grams.add(bucket("b " + words[i] + " " + words[i + 1], buckets));
            }
            String padded = "<" + words[i] + ">";
            for (int n = SHORTEST_GRAM; n <= LONGEST_GRAM && n < padded.length(); n++) {
                for (int start = 0; start + n <= padded.length(); start++) {
                    grams.add(bucket("c " + padded.substring(start, start + n), buckets));
                }
            }
        }
        return grams.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Inverse document frequency of each bucket over {@code texts} (smoothed, so no bucket gets 0). */
    static float[] idf(List<String> texts, int buckets) {
        int[] documents = new int[buckets];
        for (String text : texts) {
            Arrays.stream(hashedGrams(text, buckets)).distinct().forEach(bucket -> documents[bucket]++);
        }
        float[] idf = new float[buckets];
        for (int bucket = 0; bucket < buckets; bucket++) {
            idf[bucket] = idf(texts.size(), documents[bucket]);
        }
        return idf;
    }

    /** The idf of a bucket none of {@code texts} training texts uses. */
    static float unseenIdf(int texts) {
        return idf(texts, 0);
    }

    private static float idf(int texts, int documents) {
        return (float) (Math.log((1.0 + texts) / (1.0 + documents)) + 1);
    }

    /** The text's features: sublinear term frequency times idf, scaled to length {@code length}. */
    static Vector vector(String text, float[] idf, float length) {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (int bucket : hashedGrams(text, idf.length)) {
            counts.merge(bucket, 1, Integer::sum);
        }
        if (counts.isEmpty()) {
            return Vector.EMPTY;
        }
        int[] indexes = new int[counts.size()];
        float[] values = new float[counts.size()];
        double norm = 0;
        int k = 0;
        for (var count : counts.entrySet()) {
            indexes[k] = count.getKey();
            values[k] = (float) ((1 + Math.log(count.getValue())) * idf[count.getKey()]);
            norm += values[k] * values[k];
            k++;
        }
        float scale = (float) (length / Math.sqrt(norm));
        for (int i = 0; i < values.length; i++) {
            values[i] *= scale;
        }
        return new Vector(indexes, values);
    }

    /** A stable bucket for a feature: String.hashCode is fixed by the language, mixed so buckets fill evenly. */
    private static int bucket(String gram, int buckets) {
        int h = gram.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, buckets);
    }
}
