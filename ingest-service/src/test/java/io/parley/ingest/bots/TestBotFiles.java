package io.parley.ingest.bots;

import java.util.Optional;

import io.parley.avro.IntentModel;
import io.parley.avro.SentenceEmbedding;
import io.parley.encoder.OnnxSentenceEncoder;
import io.parley.nlu.intents.IntentTrainer;

/** Bot files read as publication reads them: classifiers trained with the default sentence encoder. */
final class TestBotFiles {

    static final OnnxSentenceEncoder ENCODER = OnnxSentenceEncoder.shared(OnnxSentenceEncoder.Model.BGE_SMALL_EN_V15_Q, 1);
    static final BotFileReader READER = new BotFileReader(new IntentTrainer(Optional.of(ENCODER)));

    private TestBotFiles() {
    }

    /** What the edge sends with {@code text} for a bot with {@code model}: its embedding if the model reads one. */
    static SentenceEmbedding embedding(IntentModel model, String text) {
        if (!ENCODER.id().equals(model.getSentenceEncoder())) {
            return null;
        }
        return ENCODER.embedding(text);
    }
}
