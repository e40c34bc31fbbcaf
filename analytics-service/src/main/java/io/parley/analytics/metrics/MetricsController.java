package io.parley.analytics.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.parley.analytics.console.BotDirectory;
import io.parley.analytics.console.ConsoleAccounts;
import io.parley.analytics.console.ConsoleException;
import io.parley.analytics.console.Viewer;
import io.parley.analytics.topology.Instances;
import io.parley.avro.BotMetrics;
import io.parley.avro.Module;
import io.parley.avro.ModuleFunnel;
import io.parley.avro.Slot;
import io.parley.avro.SlotStep;
import io.parley.topics.PlainJson;
import io.parley.topics.Topics;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The figures of the viewer's bots as JSON: what the console draws, and what scripts can read. */
@RestController
class MetricsController {

    /** Most windows one answer lists: a year of days, a month of hours, a day of minutes and a bit. */
    static final int MAX_WINDOWS = 1500;

    private final ConsoleAccounts accounts;
    private final BotDirectory bots;
    private final MetricsQueries queries;
    private final Instances instances;

    MetricsController(ConsoleAccounts accounts, BotDirectory bots, MetricsQueries queries, Instances instances) {
        this.accounts = accounts;
        this.bots = bots;
        this.queries = queries;
        this.instances = instances;
    }

    @GetMapping(path = "/console/api/bots", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> bots(HttpServletRequest request) {
        Viewer viewer = accounts.viewer(request);
        List<Map<String, Object>> visible = new ArrayList<>();
        for (String key : viewer.bots()) {
            Map<String, Object> bot = new LinkedHashMap<>();
            bot.put("key", key);
            bot.put("name", bots.name(key));
            visible.add(bot);
        }
        return visible;
    }

    /**
     * A bot's windows of one size ({@code window} 1m, 1h or 1d; 1h by default) that start between
     * {@code from} and {@code to} (ISO-8601; the last day by default), each window's figures and their total.
     */
    @GetMapping(path = "/console/api/bots/{company}/{botId}/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> metrics(@PathVariable String company, @PathVariable long botId,
                                @RequestParam(defaultValue = "1h") String window,
                                @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to,
                                HttpServletRequest request) {
        String botKey = Topics.botKey(company, botId);
        if (!accounts.viewer(request).maySee(botKey)) {
            throw ConsoleException.noSuchBot(botKey);
        }
        MetricsWindow size = MetricsWindow.byLabel(window)
                .orElseThrow(() -> new ConsoleException(HttpStatus.BAD_REQUEST, "window must be 1m, 1h or 1d."));
        Instant end = instant("to", to).orElseGet(Instant::now);
        Instant start = instant("from", from).orElse(end.minus(Duration.ofDays(1)));
        if (!start.isBefore(end)) {
            throw new ConsoleException(HttpStatus.BAD_REQUEST, "from must be before to.");
        }
        if (Duration.between(start, end).dividedBy(size.size()) > MAX_WINDOWS) {
            throw new ConsoleException(HttpStatus.BAD_REQUEST, "That range has more than " + MAX_WINDOWS + " windows of " + window
                    + "; choose a larger window.");
        }
        // A bot's windows are all on the instance that holds its partition.
        Optional<HostInfo> holder = instances.holderElsewhere(size.storeName(), botKey);
        if (holder.isPresent()) {
            return instances.ask(holder.get(), request);
        }
        // A window that began before the range but runs into it counts too.
        Instant alignedStart = Instant.ofEpochMilli(Math.floorDiv(start.toEpochMilli(), size.size().toMillis()) * size.size().toMillis());
        MetricsQueries.Range range = queries.range(botKey, size, alignedStart, end);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bot", botKey);
        answer.put("name", bots.name(botKey));
        answer.put("window", size.label());
        answer.put("from", alignedStart.toString());
        answer.put("to", end.toString());
        answer.put("total", PlainJson.of(range.total()));
        answer.put("funnels", funnels(botKey, range.total()));
        answer.put("series", range.series().stream().map(PlainJson::of).toList());
        return ResponseEntity.ok(answer);
    }

    /** Each module's funnel in the order the module asks its slots: started, each slot filled, completed. */
    private List<Map<String, Object>> funnels(String botKey, BotMetrics total) {
        List<Map<String, Object>> funnels = new ArrayList<>();
        for (ModuleFunnel funnel : total.getModules()) {
            Optional<Module> module = bots.module(botKey, funnel.getModuleId());
            List<Map<String, Object>> steps = new ArrayList<>();
            steps.add(step("Started", null, funnel.getStarted(), 0, funnel.getStarted()));
            long before = funnel.getStarted();
            List<Slot> slots = module.map(Module::getSlots).orElse(List.of());
            List<SlotStep> seen = new ArrayList<>(funnel.getSlots());
            for (Slot slot : slots) {
                SlotStep step = seen.stream().filter(s -> s.getSlotId() == slot.getId()).findFirst()
                        .orElse(new SlotStep(slot.getId(), 0L, 0L));
                seen.remove(step);
                steps.add(step(slot.getLabel(), slot.getId(), step.getFilled(), step.getRejected(), before));
                before = step.getFilled();
            }
            for (SlotStep step : seen) {
                // A slot the current version no longer has: shown after the others, by id.
                steps.add(step("Slot " + step.getSlotId(), step.getSlotId(), step.getFilled(), step.getRejected(), before));
                before = step.getFilled();
            }
            steps.add(step("Completed", null, funnel.getCompleted(), 0, before));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("moduleId", funnel.getModuleId());
            json.put("name", module.map(Module::getName).orElse(funnel.getModuleName()));
            json.put("steps", steps);
            funnels.add(json);
        }
        return funnels;
    }

    private static Map<String, Object> step(String label, Long slotId, long reached, long rejected, long before) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("label", label);
        step.put("slotId", slotId);
        step.put("reached", reached);
        step.put("rejected", rejected);
        step.put("droppedOff", Math.max(0, before - reached));
        return step;
    }

    private static Optional<Instant> instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new ConsoleException(HttpStatus.BAD_REQUEST, name + " must be a time like 2026-12-01T09:00:00Z.");
        }
    }
}
