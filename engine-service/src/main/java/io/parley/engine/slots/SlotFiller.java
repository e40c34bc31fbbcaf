package io.parley.engine.slots;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.parley.avro.Block;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotMessage;
import io.parley.avro.Button;
import io.parley.avro.ButtonKind;
import io.parley.avro.Command;
import io.parley.avro.Entity;
import io.parley.avro.MessageType;
import io.parley.avro.Module;
import io.parley.avro.ModuleCompleted;
import io.parley.avro.ModuleStarted;
import io.parley.avro.SessionState;
import io.parley.avro.Slot;
import io.parley.avro.SlotFeedback;
import io.parley.avro.SlotFilled;
import io.parley.avro.SlotFilling;
import io.parley.avro.SlotRejected;
import io.parley.avro.SlotState;
import io.parley.avro.SlotValidationRequested;
import io.parley.avro.WebhookDeliveryFailed;
import io.parley.avro.WebhookFailed;
import io.parley.avro.WebhookKind;
import io.parley.avro.WebhookRequest;

/**
 * Fills a module's slots with the user, one at a time in their order: asks, checks the answer, asks
 * again with the validation message, or sends it to the customer's webhook and waits for its verdict.
 * Ids are derived from the session and the command, so a replay yields the same story-state ids.
 */
public final class SlotFiller {

    static final String WEBHOOK_PREFIX = "SLOT-MODULE:";

    /**
     * What a step of the module did.
     *
     * @param filling   the module's state after the step
     * @param messages  what to say to the user
     * @param completed every slot that applies is done: the tree goes on after the MODULE block
     * @param checking  the user's answer is with the customer's webhook: the messages are an interim answer
     * @param webhook   a call to make to the customer's webhook, or null
     */
    public record Step(SlotFilling filling, List<BotMessage> messages, boolean completed, boolean checking, WebhookRequest webhook) {
    }

    /**
     * Starts the MODULE block's module. Slots go in order; one whose value the starting turn already
     * holds (an entity it names, or the built-in entity of its type) is filled with it, as a user's
     * answer would be (sent to the customer's webhook first when the slot says so); the first slot
     * still missing is asked.
     */
    public Step start(BotDefinition bot, SessionState session, Block block, Command command, List<Entity> said,
               UnaryOperator<String> render, Consumer<Object> events) {
        Module module = module(bot, block.getModule());
        long storyState = numericId(session.getSessionId(), command.getCommandId(), Long.toString(module.getId()));
        SlotFilling filling = SlotFilling.newBuilder()
                .setId(storyState)
                .setSessionId(session.getSessionId())
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setModuleId(module.getId())
                .setModuleName(module.getName())
                .setBlockId(block.getId())
                .setSlotStates(new ArrayList<>())
                .setCreatedAt(command.getIssuedAt())
                .setUpdatedAt(command.getIssuedAt())
                .build();
        events.accept(new ModuleStarted(module.getId(), module.getName(), storyState));
        Step step = askNext(bot, module, filling, command, render, events, new ArrayList<>());
        while (!step.completed()) {
            Slot slot = slot(module, inProgress(filling).getSlot());
            Optional<String> known = SlotAnswers.fromEntities(slot, said, bot, command.getIssuedAt());
            if (known.isEmpty()) {
                return step;
            }
            if (slot.getValidateWithWebhook()) {
                return validate(bot, module, filling, command, slot, known.get(), render, events);
            }
            done(inProgress(filling), known.get());
            events.accept(new SlotFilled(slot.getId(), known.get(), false));
            step = askNext(bot, module, filling, command, render, events, new ArrayList<>());
        }
        return step;
    }

    /** The user's answer to the slot in progress. */
    public Step answer(BotDefinition bot, SlotFilling filling, Command command, String text, List<Entity> entities,
                UnaryOperator<String> render, Consumer<Object> events) {
        Module module = module(bot, filling.getModuleId());
        SlotState state = inProgress(filling);
        Slot slot = slot(module, state.getSlot());
        if (filling.getPendingValidation() != null) {
            // Still with the customer's webhook: the user learns so, and the answer is not taken twice.
            return new Step(filling, List.of(text(render.apply(module.getCheckingMessage()))), false, true, null);
        }
        SlotAnswers.Checked checked = SlotAnswers.fromSentence(slot, text, entities, bot, command.getIssuedAt());
        if (!checked.accepted()) {
            String refusal = render.apply(checked.refusal());
            events.accept(new SlotRejected(slot.getId(), text, refusal, false));
            return new Step(filling, List.of(question(refusal, slot)), false, false, null);
        }
        filling.setUpdatedAt(command.getIssuedAt());
        if (slot.getValidateWithWebhook()) {
            return validate(bot, module, filling, command, slot, checked.value(), render, events);
        }
        done(state, checked.value());
        events.accept(new SlotFilled(slot.getId(), checked.value(), false));
        return askNext(bot, module, filling, command, render, events, new ArrayList<>());
    }

    /** Sends a slot's value to the customer's webhook; the user is told it is being checked. */
    private Step validate(BotDefinition bot, Module module, SlotFilling filling, Command command, Slot slot, String value,
                          UnaryOperator<String> render, Consumer<Object> events) {
        String key = "slot/" + command.getCommandId();
        filling.setUpdatedAt(command.getIssuedAt());
        filling.setPendingValidation(key);
        filling.setPendingValue(value);
        events.accept(new SlotValidationRequested(slot.getId(), value, key));
        WebhookRequest webhook = webhook(bot, filling, command, key, WebhookKind.SLOT_VALIDATION,
                WEBHOOK_PREFIX + module.getName(), slot, value);
        return new Step(filling, List.of(text(render.apply(module.getCheckingMessage()))), false, true, webhook);
    }

    /** Why the customer's verdict cannot be applied to this filling, or empty when it can. */
    public static Optional<String> refusal(BotDefinition bot, SlotFilling filling, SlotFeedback feedback) {
        if (filling == null || filling.getId() != feedback.getStoryStateId()) {
            return Optional.of("story state " + feedback.getStoryStateId() + " is not the module in progress of this session");
        }
        boolean known = filling.getSlotStates().stream().anyMatch(state -> state.getId() == feedback.getSlotStateId());
        if (!known) {
            return Optional.of("slot state " + feedback.getSlotStateId() + " is not part of story state " + filling.getId());
        }
        if (filling.getPendingValidation() == null || inProgress(filling).getId() != feedback.getSlotStateId()) {
            return Optional.of("slot state " + feedback.getSlotStateId() + " is not waiting for validation");
        }
        if (!isUsable(bot, filling)) {
            return Optional.of("the bot was republished without the module or slot of story state " + filling.getId());
        }
        return Optional.empty();
    }

    /** Whether the bot (as now published) still has the filling's MODULE block, module and slots. */
    public static boolean isUsable(BotDefinition bot, SlotFilling filling) {
        Optional<Module> module = bot.getModules().stream().filter(candidate -> candidate.getId() == filling.getModuleId()).findFirst();
        boolean hasBlock = bot.getBlocks().stream().anyMatch(block -> block.getId().equals(filling.getBlockId())
                && Objects.equals(block.getModule(), filling.getModuleId()));
        return hasBlock && module.isPresent() && filling.getSlotStates().stream().allMatch(state ->
                module.get().getSlots().stream().anyMatch(slot -> slot.getId() == state.getSlot()));
    }

    /** The customer's verdict on the slot sent for validation; check {@link #refusal} first. */
    public Step feedback(BotDefinition bot, SlotFilling filling, Command command, SlotFeedback feedback, UnaryOperator<String> render,
                  Consumer<Object> events) {
        Module module = module(bot, filling.getModuleId());
        SlotState state = inProgress(filling);
        Slot slot = slot(module, state.getSlot());
        String answered = filling.getPendingValue();
        filling.setPendingValidation(null);
        filling.setPendingValue(null);
        filling.setUpdatedAt(command.getIssuedAt());
        if (feedback.getIsDone()) {
            String value = Optional.ofNullable(feedback.getData()).orElse(answered);
            done(state, value);
            events.accept(new SlotFilled(slot.getId(), Objects.toString(value, ""), true));
            return askNext(bot, module, filling, command, render, events, new ArrayList<>());
        }
        // The customer's own message is said as it is; only the bot's templates are rendered.
        String reason = Optional.ofNullable(feedback.getMessage()).filter(message -> !message.isBlank())
                .orElseGet(() -> render.apply(SlotAnswers.refusalMessage(slot, "Sorry, that could not be accepted.")));
        events.accept(new SlotRejected(slot.getId(), Objects.toString(answered, ""), reason, true));
        return new Step(filling, List.of(text(reason), question(render.apply(slot.getLabel()), slot)), false, false, null);
    }

    /**
     * A webhook call failed for good. A slot waiting for it is asked again after the bot's failure
     * message; a completion that could not be reported is told to the user.
     */
    public Optional<Step> webhookFailed(BotDefinition bot, SlotFilling filling, Command command, WebhookFailed failure,
                                 UnaryOperator<String> render, Consumer<Object> events) {
        events.accept(new WebhookDeliveryFailed(failure.getIdempotencyKey(), failure.getKind(), failure.getCause()));
        if (failure.getKind() == WebhookKind.SLOT_VALIDATION) {
            if (filling == null || !failure.getIdempotencyKey().equals(filling.getPendingValidation())
                    || !isUsable(bot, filling)) {
                return Optional.empty();
            }
            Slot slot = slot(module(bot, filling.getModuleId()), inProgress(filling).getSlot());
            filling.setPendingValidation(null);
            filling.setPendingValue(null);
            filling.setUpdatedAt(command.getIssuedAt());
            return Optional.of(new Step(filling, List.of(text(render.apply(bot.getWebhookFailureMessage())),
                    question(render.apply(slot.getLabel()), slot)), false, false, null));
        }
        return Optional.of(new Step(null, List.of(text(render.apply(bot.getWebhookFailureMessage()))), false, false, null));
    }

    /** Asks the next slot that applies, or completes the module when none is left. */
    private Step askNext(BotDefinition bot, Module module, SlotFilling filling, Command command,
                         UnaryOperator<String> render, Consumer<Object> events, List<BotMessage> said) {
        Optional<Slot> next = module.getSlots().stream()
                .filter(slot -> filling.getSlotStates().stream().noneMatch(state -> state.getSlot() == slot.getId()))
                .filter(slot -> applies(slot, filling))
                .findFirst();
        if (next.isPresent()) {
            Slot slot = next.get();
            filling.getSlotStates().add(SlotState.newBuilder()
                    .setId(numericId(Long.toString(filling.getId()), Long.toString(slot.getId())))
                    .setStoryState(filling.getId())
                    .setSlot(slot.getId())
                    .setOrder(slot.getOrder())
                    .setWaitingResponse(true)
                    .setSlotLabel(slot.getLabel())
                    .build());
            said.add(question(render.apply(slot.getLabel()), slot));
            return new Step(filling, said, false, false, null);
        }
        filling.setCompleted(true);
        String key = "module/" + command.getCommandId();
        events.accept(new ModuleCompleted(SlotFilling.newBuilder(filling).build(), key));
        return new Step(filling, said, true, false,
                webhook(bot, filling, command, key, WebhookKind.MODULE_COMPLETED, module.getName(), null, null));
    }

    /** A slot with a show condition applies only when the earlier slot it names was answered with its value. */
    private static boolean applies(Slot slot, SlotFilling filling) {
        if (slot.getShowCondition() == null) {
            return true;
        }
        return filling.getSlotStates().stream()
                .filter(state -> state.getSlot() == slot.getShowCondition() && state.getIsDone())
                .anyMatch(state -> slot.getShowConditionValue() != null
                        && slot.getShowConditionValue().equalsIgnoreCase(Objects.toString(state.getData(), "")));
    }

    private static void done(SlotState state, String value) {
        state.setData(value);
        state.setIsDone(true);
        state.setWaitingResponse(false);
    }

    /**
     * The TALKR tracking of the slot in progress: the MODULE block, the slot state and the time it last
     * changed, so that a client sending an answer again (a retry, a poll) is told apart from an answer
     * to the next slot, or to the same slot asked again.
     */
    public static String tracking(SlotFilling filling) {
        return filling.getBlockId() + "#" + inProgress(filling).getId() + "-" + filling.getUpdatedAt().toEpochMilli();
    }

    public static SlotState inProgress(SlotFilling filling) {
        return filling.getSlotStates().get(filling.getSlotStates().size() - 1);
    }

    private static WebhookRequest webhook(BotDefinition bot, SlotFilling filling, Command command, String key,
                                          WebhookKind kind, String eventName, Slot slot, String value) {
        return WebhookRequest.newBuilder()
                .setIdempotencyKey(key)
                .setSessionId(filling.getSessionId())
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(command.getChannel())
                .setKind(kind)
                .setEventName(eventName)
                .setFilling(SlotFilling.newBuilder(filling).build())
                .setSlot(slot)
                .setValue(value)
                .setSlotsPublishedAt(bot.getPublishedAt())
                .setRequestedAt(command.getIssuedAt())
                .build();
    }

    /** A slot's question; a CHOICE slot offers its options as buttons. */
    private static BotMessage question(String text, Slot slot) {
        List<Button> buttons = new ArrayList<>();
        for (String option : slot.getChoiceOptions()) {
            buttons.add(new Button(ButtonKind.POSTBACK, option, option, null));
        }
        return new BotMessage(MessageType.TEXT, text, buttons);
    }

    private static BotMessage text(String text) {
        return new BotMessage(MessageType.TEXT, text, List.of());
    }

    static Module module(BotDefinition bot, long moduleId) {
        return bot.getModules().stream().filter(module -> module.getId() == moduleId).findFirst()
                .orElseThrow(() -> new IllegalStateException("bot has no module " + moduleId));
    }

    private static Slot slot(Module module, long slotId) {
        return module.getSlots().stream().filter(slot -> slot.getId() == slotId).findFirst()
                .orElseThrow(() -> new IllegalStateException("module " + module.getId() + " has no slot " + slotId));
    }

    /** A positive id below 2^53 (exact in JavaScript clients) derived from {@code parts}. */
    static long numericId(String... parts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("/", parts).getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(digest).getLong() & ((1L << 53) - 1)) | 1L;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
