package io.parley.ingest.bots;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotDefinition;
import io.parley.avro.IntentScore;
import io.parley.nlu.IntentClassifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Each example bot's classifier, trained as publication trains it, on phrases it never saw
 * (bots/held-out/). Prints the accuracy; fails below 80 %.
 */
class IntentAccuracyTest {

    private static final double REQUIRED_ACCURACY = 0.8;

    /** Each bot file with a language: empty for the bot's default one, else a translation's code. */
    @ParameterizedTest
    @CsvSource({"parley-demo-1.yaml,", "parley-demo-2.yaml,", "parley-demo-5.yaml,", "parley-demo-5.yaml,af-ZA"})
    void theClassifierRecognisesHeldOutPhrases(String botFile, String language) throws Exception {
        Path bots = Path.of("..", "bots");
        BotDefinition bot = new BotFileReader().read(botFile, Files.readString(bots.resolve(botFile)), Instant.EPOCH);
        String heldOutFile = language == null ? botFile : botFile.replace(".yaml", "." + language + ".yaml");
        Map<String, List<String>> heldOut = YAMLMapper.builder().build()
                .readValue(Files.readString(bots.resolve("held-out").resolve(heldOutFile)), new TypeReference<>() { });
        // Each language has its own classifier, trained from its own phrases.
        ByteBuffer model = language == null ? bot.getIntentModel() : bot.getTranslations().stream()
                .filter(translation -> language.equals(translation.getLanguage().getCode()))
                .findFirst().orElseThrow().getIntentModel();
        byte[] bytes = new byte[model.remaining()];
        model.get(bytes);
        IntentClassifier classifier = IntentClassifier.load(bytes);

        int total = 0;
        int right = 0;
        int confident = 0;
        for (Map.Entry<String, List<String>> expected : heldOut.entrySet()) {
            for (String phrase : expected.getValue()) {
                IntentScore best = classifier.rank(phrase).get(0);
                total++;
                if (best.getIntent().equals(expected.getKey())) {
                    right++;
                    if (best.getConfidence() >= bot.getIntentThreshold()) {
                        confident++;
                    }
                } else {
                    System.out.printf("%s: '%s' taken for %s (%.2f), expected %s%n", heldOutFile, phrase,
                            best.getIntent(), best.getConfidence(), expected.getKey());
                }
            }
        }
        double accuracy = (double) right / total;
        System.out.printf("%s: held-out accuracy %.2f (%d/%d), %d above the bot's threshold %.2f%n",
                heldOutFile, accuracy, right, total, confident, bot.getIntentThreshold());
        assertThat(total).isGreaterThanOrEqualTo(10);
        assertThat(accuracy).isGreaterThanOrEqualTo(REQUIRED_ACCURACY);
    }
}
