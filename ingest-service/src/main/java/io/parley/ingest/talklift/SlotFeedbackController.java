package io.parley.ingest.talklift;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.parley.avro.Command;
import io.parley.avro.Project;
import io.parley.avro.SlotFeedback;
import io.parley.avro.SlotFilling;
import io.parley.avro.SlotState;
import io.parley.avro.User;
import io.parley.ingest.accounts.Accounts;
import io.parley.ingest.conversation.ConversationGateway;
import io.parley.topics.Topics;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * TalkLift's {@code POST /api/v1/session-slot-states/update_from_webhook/}: the customer's verdict on a
 * slot sent to its webhook for validation. {@code is_done} true moves the user to the next slot, false
 * asks the slot again (with {@code message}, a Parley extension, or the slot's validation message); the
 * next prompt is pushed to the user's channel by the engine.
 */
@RestController
class SlotFeedbackController {

    private final TalkLiftAuthentication authentication;
    private final Accounts accounts;
    private final SlotStates slotStates;
    private final ConversationGateway gateway;

    SlotFeedbackController(TalkLiftAuthentication authentication, Accounts accounts, SlotStates slotStates,
                           ConversationGateway gateway) {
        this.authentication = authentication;
        this.accounts = accounts;
        this.slotStates = slotStates;
        this.gateway = gateway;
    }

    @PostMapping(path = "/api/v1/session-slot-states/update_from_webhook/", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> update(HttpServletRequest request,
                               @RequestBody JsonNode body) throws InterruptedException, ExecutionException, TimeoutException {
        User user = authentication.user(request);
        long slotStateId = TalkLiftRequest.number(body, "id");
        long storyStateId = TalkLiftRequest.number(body, "story_state");
        boolean done = TalkLiftRequest.bool(body, "is_done");
        String data = TalkLiftRequest.optional(body, "data");
        String message = TalkLiftRequest.optional(body, "message");
        if (body.has("org") && TalkLiftRequest.number(body, "org") != user.getOrgId()) {
            throw new TalkLiftException(HttpStatus.FORBIDDEN, "You do not have access to organisation " + body.get("org").asString() + ".");
        }
        if (body.has("project") && !user.getProjectIds().contains(TalkLiftRequest.number(body, "project"))) {
            throw new TalkLiftException(HttpStatus.FORBIDDEN, "You do not have access to project " + body.get("project").asString() + ".");
        }

        SlotFilling filling = slotStates.find(storyStateId, candidate -> isWaiting(candidate, slotStateId))
                .orElseThrow(() -> new TalkLiftException(HttpStatus.NOT_FOUND,
                        "No story state " + storyStateId + ": the module has ended or never existed."));
        Project project = accounts.projectOwning(Topics.botKey(filling.getCompany(), filling.getBotId()))
                .filter(owner -> Accounts.mayActOn(user, owner))
                .orElseThrow(() -> new TalkLiftException(HttpStatus.FORBIDDEN,
                        "You do not have access to story state " + storyStateId + "."));
        SlotState state = filling.getSlotStates().stream().filter(candidate -> candidate.getId() == slotStateId).findFirst()
                .orElseThrow(() -> new TalkLiftException(HttpStatus.NOT_FOUND,
                        "No slot state " + slotStateId + " in story state " + storyStateId + "."));
        if (body.has("slot") && TalkLiftRequest.number(body, "slot") != state.getSlot()) {
            throw new TalkLiftException(HttpStatus.BAD_REQUEST, "slot: slot state " + slotStateId + " is for slot " + state.getSlot() + ".");
        }
        if (!isWaiting(filling, slotStateId)) {
            throw new TalkLiftException(HttpStatus.BAD_REQUEST, "Slot state " + slotStateId + " is not waiting for validation"
                    + (state.getIsDone() ? ": it is done." : ": no answer of the user is under review."));
        }

        Command command = Command.newBuilder()
                .setCommandId("slot-feedback/" + UUID.randomUUID())
                .setSessionId(filling.getSessionId())
                .setCompany(filling.getCompany())
                .setBotId(filling.getBotId())
                .setIssuedAt(Instant.now())
                .setPayload(new SlotFeedback(storyStateId, slotStateId, done, data, message))
                .build();
        gateway.submit(command).get(10, TimeUnit.SECONDS);

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", state.getId());
        answer.put("story_state", state.getStoryState());
        answer.put("slot", state.getSlot());
        answer.put("order", state.getOrder());
        answer.put("is_done", done);
        answer.put("waiting_response", !done);
        answer.put("data", done && data != null ? data : state.getData());
        answer.put("slot_label", state.getSlotLabel());
        answer.put("project", project.getId());
        answer.put("org", project.getOrgId());
        return answer;
    }

    /** The slot state is the one in progress and its answer is with the customer's webhook. */
    private static boolean isWaiting(SlotFilling filling, long slotStateId) {
        if (filling.getPendingValidation() == null || filling.getSlotStates().isEmpty()) {
            return false;
        }
        SlotState inProgress = filling.getSlotStates().get(filling.getSlotStates().size() - 1);
        return inProgress.getId() == slotStateId && inProgress.getWaitingResponse() && !inProgress.getIsDone();
    }
}
