package io.parley.audit.rerun;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.parley.audit.EventJson;
import io.parley.avro.ConversationEvent;
import io.parley.avro.IntentRecognised;

/** Says where two events differ, and what most likely made them differ. */
final class Differences {

    private Differences() {
    }

    /** The paths of the fields that differ, e.g. {@code payload.intent}; {@code kind} when they are different kinds. */
    static List<String> fields(ConversationEvent recorded, ConversationEvent rerun) {
        List<String> paths = new ArrayList<>();
        collect("", EventJson.of(recorded), EventJson.of(rerun), paths);
        return paths;
    }

    /** Why a re-run under the recorded bot version yields another event: read from what differs. */
    static String why(ConversationEvent recorded, ConversationEvent rerun) {
        if (recorded == null) {
            return "the re-run decided an event the log does not hold: the engine was changed since, or the log lost a record";
        }
        if (rerun == null) {
            return "the log holds an event the re-run did not decide: the engine was changed since, or a command is no longer kept";
        }
        if (recorded.getPayload() instanceof IntentRecognised then && rerun.getPayload() instanceof IntentRecognised now
                && !Objects.equals(then.getSentenceEncoder(), now.getSentenceEncoder())) {
            return "the turn was understood with sentence encoder %s then and %s now (a model id that changed)"
                    .formatted(then.getSentenceEncoder(), now.getSentenceEncoder());
        }
        if (!Objects.equals(recorded.getBotVersion(), rerun.getBotVersion())) {
            return "decided under bot version %s then, %s in the re-run".formatted(recorded.getBotVersion(), rerun.getBotVersion());
        }
        String fields = String.join(", ", fields(recorded, rerun));
        if (recorded.getPayload().getClass() != rerun.getPayload().getClass()) {
            return "the engine took another path under the same bot version (%s then, %s now): the engine was changed since"
                    .formatted(recorded.getPayload().getClass().getSimpleName(), rerun.getPayload().getClass().getSimpleName());
        }
        return "differs in " + fields + " under the same bot version: the engine or its intent classifier was changed since";
    }

    @SuppressWarnings("unchecked")
    private static void collect(String path, Object recorded, Object rerun, List<String> paths) {
        if (recorded instanceof Map<?, ?> then && rerun instanceof Map<?, ?> now) {
            TreeSet<String> keys = new TreeSet<>();
            then.keySet().forEach(key -> keys.add(String.valueOf(key)));
            now.keySet().forEach(key -> keys.add(String.valueOf(key)));
            for (String key : keys) {
                collect(path.isEmpty() ? key : path + "." + key, ((Map<String, Object>) then).get(key),
                        ((Map<String, Object>) now).get(key), paths);
            }
        } else if (!Objects.equals(recorded, rerun)) {
            paths.add(path);
        }
    }
}
