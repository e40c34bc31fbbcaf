package io.parley.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class OnnxSentenceEncoderTest {

    private final OnnxSentenceEncoder encoder = OnnxSentenceEncoder.shared(OnnxSentenceEncoder.Model.BGE_SMALL_EN_V15_Q, 1);

    @Test
    void aTextBecomesAUnitVectorAndTheSameTextTheSameVector() {
        float[] vector = encoder.embed("how much does it cost?");
        assertThat(vector).hasSize(encoder.dimensions()).hasSize(384);
        assertThat(norm(vector)).isCloseTo(1, within(1e-4));
        assertThat(encoder.embed("how much does it cost?")).containsExactly(vector);
        assertThat(encoder.embedAll(List.of("how much does it cost?", "bye"))).first().satisfies(first ->
                assertThat(first).containsExactly(vector));
    }

    @Test
    void textsThatMeanTheSameLieCloserThanTextsThatDoNot() {
        float[] price = encoder.embed("how much does it cost");
        assertThat(cosine(price, encoder.embed("what is the price")))
                .isGreaterThan(cosine(price, encoder.embed("set an alarm for seven tomorrow")) + 0.1);
    }

    @Test
    void theIdNamesTheModelAndADigestOfItsBytes() {
        assertThat(encoder.id()).matches("bge-small-en-v1\\.5-q@[0-9a-f]{12}");
        OnnxSentenceEncoder other = OnnxSentenceEncoder.shared(OnnxSentenceEncoder.Model.ALL_MINILM_L6_V2_Q, 1);
        assertThat(other.id()).startsWith("all-minilm-l6-v2-q@").isNotEqualTo(encoder.id());
    }

    @Test
    void itUnderstandsEnglishOnly() {
        assertThat(encoder.understands("en-ZA")).isTrue();
        assertThat(encoder.understands("EN")).isTrue();
        assertThat(encoder.understands("af-ZA")).isFalse();
        assertThat(encoder.understands("und")).isFalse();
        assertThat(encoder.understands(null)).isFalse();
    }

    @Test
    void anEmptyTextHasAnEmbeddingTooAndAnUnknownModelIsNamedInTheError() {
        assertThat(norm(encoder.embed(""))).isCloseTo(1, within(1e-4));
        assertThatThrownBy(() -> OnnxSentenceEncoder.Model.named("gpt-9"))
                .hasMessageContaining("gpt-9").hasMessageContaining("bge-small-en-v1.5-q");
    }

    private static double norm(float[] vector) {
        return Math.sqrt(cosineParts(vector, vector));
    }

    private static double cosine(float[] a, float[] b) {
        return cosineParts(a, b) / (norm(a) * norm(b));
    }

    private static double cosineParts(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
