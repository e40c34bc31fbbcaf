package io.parley.encoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import io.parley.nlu.intents.SentenceEncoder;

/**
 * A sentence encoder run in this process by ONNX Runtime on the CPU, from a model shipped inside a
 * Maven artifact (LangChain4j's packaging): no network, no download at run time. LangChain4j does the
 * tokenizing, pooling and normalising; the session is ours, so each call uses the threads we choose.
 */
public final class OnnxSentenceEncoder implements SentenceEncoder, AutoCloseable {

    /** The models shipped with Parley. Both are English only: no multilingual one is on Maven Central. */
    public enum Model {
        /** BAAI's bge-small-en-v1.5, 8-bit: the more accurate (12 layers), about 5 ms a short message on one core. */
        BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", PoolingMode.CLS),
        /** sentence-transformers' all-MiniLM-L6-v2, 8-bit: half the layers, about 2 ms a short message, less accurate. */
        ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", PoolingMode.MEAN);

        private final String resource;
        private final PoolingMode pooling;

        Model(String resource, PoolingMode pooling) {
            this.resource = resource;
            this.pooling = pooling;
        }

        /** The name configuration uses: {@code bge-small-en-v1.5-q} or {@code all-minilm-l6-v2-q}. */
        public String modelName() {
            return resource;
        }

        public static Model named(String name) {
            for (Model model : values()) {
                if (model.resource.equalsIgnoreCase(name)) {
                    return model;
                }
            }
            throw new IllegalArgumentException("no sentence encoder named '" + name + "'; known: "
                    + java.util.Arrays.stream(values()).map(Model::modelName).toList());
        }
    }

    private static final int DIMENSIONS = 384;
    private static final Map<String, OnnxSentenceEncoder> SHARED = new ConcurrentHashMap<>();
    private static final String ENGLISH = "en";

    private final String id;
    private final OrtSession session;
    private final Encoder encoder;

    private OnnxSentenceEncoder(String id, OrtSession session, Encoder encoder) {
        this.id = id;
        this.session = session;
        this.encoder = encoder;
    }

    /**
     * The one encoder of {@code model} in this JVM, loaded at first use and kept until the JVM ends: the
     * services of the local stack, and the tests, share it instead of holding a copy each.
     * {@code threadsPerText} is how many cores one text may use: 1 serves concurrent requests best, 2
     * gives a lone request its answer soonest.
     */
    public static OnnxSentenceEncoder shared(Model model, int threadsPerText) {
        return SHARED.computeIfAbsent(model + "/" + threadsPerText, key -> load(model, threadsPerText));
    }

    /** Loads a new copy of {@code model}; close it when done. */
    public static OnnxSentenceEncoder load(Model model, int threadsPerText) {
        byte[] onnx = resource(model.resource + ".onnx");
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threadsPerText);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(onnx, options);
            OnnxBertBiEncoder bert;
            try (InputStream tokenizer = stream(model.resource + "-tokenizer.json")) {
                bert = new OnnxBertBiEncoder(environment, session, tokenizer, model.pooling);
            }
            return new OnnxSentenceEncoder(model.resource + "@" + digest(onnx), session, new Encoder(bert));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load " + model.resource + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public boolean understands(String languageCode) {
        return languageCode != null && Locale.forLanguageTag(languageCode).getLanguage().equals(ENGLISH);
    }

    @Override
    public float[] embed(String text) {
        return normalised(encoder.embed(text.isBlank() ? "." : text).content());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(text -> TextSegment.from(text.isBlank() ? "." : text)).toList();
        return encoder.embedAll(segments).content().stream().map(OnnxSentenceEncoder::normalised).toList();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] normalised(Embedding embedding) {
        float[] vector = embedding.vector();
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    private static byte[] resource(String name) {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String name) {
        InputStream in = OnnxSentenceEncoder.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IllegalStateException("the model file " + name + " is not on the class path");
        }
        return in;
    }

    /** The first 12 hex digits of the model's SHA-256: another file under the same name is another encoder. */
    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** LangChain4j's in-process model around our own session; batches run on its executor, one text per task. */
    private static final class Encoder extends AbstractInProcessEmbeddingModel {

        private final OnnxBertBiEncoder model;

        Encoder(OnnxBertBiEncoder model) {
            super(null);
            this.model = model;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return model;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSIONS;
        }
    }
}
