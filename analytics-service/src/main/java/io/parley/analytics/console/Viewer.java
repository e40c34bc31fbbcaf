package io.parley.analytics.console;

import java.util.Set;

/** A signed-in bot owner: the bots of their projects are the only ones they see. */
public record Viewer(String email, Set<String> bots) {

    public boolean maySee(String botKey) {
        return bots.contains(botKey);
    }
}
