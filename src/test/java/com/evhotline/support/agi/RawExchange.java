package com.evhotline.support.agi;

import java.time.Duration;

/** What a server answered to arbitrary bytes: the text received, whether it closed, and an error such as {@code "timeout"}. */
public record RawExchange(String received, boolean closedByServer, String error, Duration elapsed) {
}
