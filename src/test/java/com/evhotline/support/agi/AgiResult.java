package com.evhotline.support.agi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What a FastAGI server did with a call: variables set (first-set order), raw commands, who closed, time, error. */
public record AgiResult(Map<String, String> variables, List<String> commands, boolean closedByServer,
                        Duration elapsed, String error) {
}
