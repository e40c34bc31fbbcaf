package io.parley.ingest.bots;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotDefinition;
import io.parley.avro.IntentScore;
import io.parley.avro.IntentModel;
import io.parley.avro.SentenceEmbedding;
import io.parley.nlu.intents.IntentClassifier;
import io.parley.nlu.intents.IntentDecision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Each example bot's classifier, trained as publication trains it, on phrases it never saw
 * (bots/held-out/), with sentence embeddings where the encoder understands the language. Prints the
 * accuracy; fails below 80 %, or when fewer than 70 % are both right and acted on at the bot's threshold.
 */
class IntentAccuracyTest {

    private static final double REQUIRED_ACCURACY = 0.8;
    /** A right answer the bot then does not act on is still a user sent to the fallback. */
    private static final double REQUIRED_ACTED_ON = 0.7;

    /** Each bot file with a language: empty for the bot's default one, else a translation's code. */
    @ParameterizedTest
    @CsvSource({"parley-demo-1.yaml,", "parley-demo-2.yaml,", "parley-demo-5.yaml,", "parley-demo-5.yaml,af-ZA",
            "parley-demo-5.yaml,zu-ZA"})
    void theClassifierRecognisesHeldOutPhrases(String botFile, String language) throws Exception {
        Path bots = Path.of("..", "bots");
        BotDefinition bot = TestBotFiles.READER.read(botFile, Files.readString(bots.resolve(botFile)), Instant.EPOCH);
        String heldOutFile = language == null ? botFile : botFile.replace(".yaml", "." + language + ".yaml");
        Map<String, List<String>> heldOut = YAMLMapper.builder().build()
                .readValue(Files.readString(bots.resolve("held-out").resolve(heldOutFile)), new TypeReference<>() { });
        // Each language has its own classifier, trained from its own phrases.
        IntentModel model = language == null ? bot.getClassifier() : bot.getTranslations().stream()
                .filter(translation -> language.equals(translation.getLanguage().getCode()))
                .findFirst().orElseThrow().getClassifier();
        IntentClassifier classifier = IntentClassifier.of(model);

        int total = 0;
        int right = 0;
        int actedOn = 0;
        for (Map.Entry<String, List<String>> expected : heldOut.entrySet()) {
            for (String phrase : expected.getValue()) {
                SentenceEmbedding embedding = TestBotFiles.embedding(model, phrase);
                List<IntentScore> ranking = classifier.rank(phrase, embedding);
                IntentScore best = ranking.get(0);
                total++;
                if (best.getIntent().equals(expected.getKey())) {
                    right++;
                    if (IntentDecision.of(ranking, bot.getIntentThreshold(), bot.getAmbiguityMargin()).intent().isPresent()) {
                        actedOn++;
                    }
                } else {
                    System.out.printf("%s: '%s' taken for %s (%.2f), expected %s%n", heldOutFile, phrase,
                            best.getIntent(), best.getConfidence(), expected.getKey());
                }
            }
        }
        double accuracy = (double) right / total;
        System.out.printf("%s: held-out accuracy %.2f (%d/%d), %d acted on at the bot's threshold %.2f (encoder %s)%n",
                heldOutFile, accuracy, right, total, actedOn, bot.getIntentThreshold(), model.getSentenceEncoder());
        assertThat(total).isGreaterThanOrEqualTo(10);
        assertThat(accuracy).isGreaterThanOrEqualTo(REQUIRED_ACCURACY);
        assertThat((double) actedOn / total).as("right and acted on").isGreaterThanOrEqualTo(REQUIRED_ACTED_ON);
    }
}
