package io.parley.analytics.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import io.parley.analytics.AnalyticsProperties;

/** The tumbling windows figures are kept in, each in a store of its own. */
public enum MetricsWindow {
    MINUTE("1m", Duration.ofMinutes(1)),
    HOUR("1h", Duration.ofHours(1)),
    DAY("1d", Duration.ofDays(1));

    private final String label;
    private final Duration size;

    MetricsWindow(String label, Duration size) {
        this.label = label;
        this.size = size;
    }

    /** 1m, 1h or 1d: as the metrics topic and the JSON API name it. */
    public String label() {
        return label;
    }

    public Duration size() {
        return size;
    }

    /** The store holding this window's states. */
    public String storeName() {
        return "analytics-metrics-" + label;
    }

    /** How long its windows are kept, at least their size and grace (Streams' rule). */
    public Duration retention(AnalyticsProperties settings) {
        Duration wanted = switch (this) {
            case MINUTE -> settings.minuteRetention();
            case HOUR -> settings.hourRetention();
            case DAY -> settings.dayRetention();
        };
        Duration least = size.plus(settings.grace());
        return wanted.compareTo(least) < 0 ? least : wanted;
    }

    public static Optional<MetricsWindow> byLabel(String label) {
        return Arrays.stream(values()).filter(window -> window.label.equals(label)).findFirst();
    }
}
