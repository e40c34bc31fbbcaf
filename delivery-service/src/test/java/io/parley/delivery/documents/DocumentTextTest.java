package io.parley.delivery.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DocumentTextTest {

    @Test
    void whiteSpaceOfAnyKindBecomesSingleSpacesAndInvisibleCharactersGo() {
        String raw = "  Opening\thours:\r\n\r\n Mon\u00A0-\u2003Fri\f 9\u200B-5\u00AD \u0000 \n";

        assertThat(DocumentText.presentable(raw, 100)).isEqualTo("Opening hours: Mon - Fri 9-5");
    }

    @Test
    void aLongTextIsCutAtTheLastWholeWordBeforeTheLimit() {
        String text = "one two three four five six seven eight nine ten";

        assertThat(DocumentText.presentable(text, 20)).isEqualTo("one two three four").hasSizeLessThanOrEqualTo(20);
        assertThat(DocumentText.presentable(text, text.length())).isEqualTo(text);
    }

    @Test
    void aLongWordIsCutAtTheLimitButNeverInsideACharacter() {
        assertThat(DocumentText.presentable("abcdefghijklmnopqrstuvwxyz", 10)).isEqualTo("abcdefghij");
        // U+1F600 takes two chars: a cut between them would leave half a character.
        assertThat(DocumentText.presentable("abcd\uD83D\uDE00efgh", 5)).isEqualTo("abcd");
    }
}
