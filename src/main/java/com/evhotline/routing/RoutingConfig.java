package com.evhotline.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What routing needs of the {@code hotline.agi.*} settings (the intake and the listener map the rest). */
@ConfigMapping(prefix = "hotline.agi")
public interface RoutingConfig {

    /** The agents' queue named in a QUEUE answer. */
    @WithDefault("hotline")
    String queue();
}
