package io.parley.engine.turns;

import java.util.Map;

import io.parley.avro.BotDefinition;
import io.parley.avro.Command;
import io.parley.avro.SessionState;

/**
 * What every step of one turn works from, so the steps take it once instead of five arguments each.
 *
 * @param bot             the bot deciding the turn
 * @param session         the session the turn moves (updated in place)
 * @param command         the command decided; its {@code issuedAt} is the turn's clock
 * @param events          the turn's events so far
 * @param clientVariables the variables the client sent with a user's turn (TALKR's {@code variables});
 *                        none for a turn the user did not take
 */
record TurnContext(BotDefinition bot, SessionState session, Command command, Events events,
                   Map<String, String> clientVariables) {
}
