package io.parley.ingest.botlhale;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.parley.avro.BotDefinition;
import io.parley.avro.Project;
import io.parley.avro.User;
import io.parley.ingest.accounts.Accounts;
import io.parley.ingest.accounts.Throttle;
import jakarta.servlet.http.HttpServletRequest;
import io.parley.ingest.bots.BotCatalog;
import io.parley.topics.Topics;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who calls and which bot: {@code Authorization: Bearer <token>} with a token from Parley's accounts
 * ({@code POST /api-token-auth/}), and a {@code bot_id} of the form {@code <company>-<botId>} (or
 * {@code <company>/<botId>}) naming a bot of one of the caller's projects.
 */
@Component
class BotlhaleAccess {

    private static final String SCHEME = "Bearer ";
    /** The bot's number is the last dash-separated part: company names may hold dashes themselves. */
    private static final Pattern BOT_ID = Pattern.compile("(?<company>[A-Za-z0-9_-]+)[-/](?<bot>\\d{1,18})");

    private final Accounts accounts;
    private final BotCatalog bots;
    private final Throttle throttle;

    BotlhaleAccess(Accounts accounts, BotCatalog bots, Throttle throttle) {
        this.accounts = accounts;
        this.bots = bots;
        this.throttle = throttle;
    }

    /** The caller, within its rate; a wrong token counts against the client's address, as a sign-in does. */
    User caller(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new BotlhaleException(HttpStatus.UNAUTHORIZED,
                    "send " + HttpHeaders.AUTHORIZATION + ": Bearer <token>, with a token from POST /api-token-auth/");
        }
        return throttle.counted(accounts.authenticate(authorization.substring(SCHEME.length()).strip()), request.getRemoteAddr())
                .orElseThrow(() -> new BotlhaleException(HttpStatus.UNAUTHORIZED, "the token is not valid"));
    }

    /** The bot {@code botId} names, if it exists and belongs to a project the caller may act on. */
    BotDefinition bot(User caller, String botId) {
        Matcher matcher = BOT_ID.matcher(botId);
        if (!matcher.matches()) {
            throw new BotlhaleException(HttpStatus.NOT_FOUND,
                    "bot_id '" + botId + "' is not a bot id; bot ids look like <company>-<number>, e.g. parley-demo-5");
        }
        String company = matcher.group("company");
        long number = Long.parseLong(matcher.group("bot"));
        BotDefinition bot = bots.find(company, number).orElseThrow(() ->
                new BotlhaleException(HttpStatus.NOT_FOUND, "no bot " + botId));
        Project project = accounts.projectOwning(Topics.botKey(company, number)).orElseThrow(() ->
                new BotlhaleException(HttpStatus.FORBIDDEN, "bot " + botId + " belongs to no project of yours"));
        if (!Accounts.mayActOn(caller, project)) {
            throw new BotlhaleException(HttpStatus.FORBIDDEN, "bot " + botId + " belongs to no project of yours");
        }
        return bot;
    }

    /** The Botlhale id of a bot, as this API names it. */
    static String botId(BotDefinition bot) {
        return bot.getCompany() + "-" + bot.getBotId();
    }
}
