package com.evhotline.support.agi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a FastAGI server did with a call: variables set (first-set order), raw commands, who closed, time,
 * error; {@code firstCommand} is the time from the start until the server's first command arrived (its
 * decision, before any command's round trip), null when it sent none.
 */
public record AgiResult(Map<String, String> variables, List<String> commands, boolean closedByServer,
                        Duration elapsed, Duration firstCommand, String error) {
}
