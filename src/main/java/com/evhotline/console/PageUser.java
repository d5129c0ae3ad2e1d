package com.evhotline.console;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * The roles of whoever a page is drawn for ({@code inject:me.has('agent')}), so the navigation offers only the
 * pages the server would open for them. Used inside a logged-in page only.
 */
@RequestScoped
@Named("me")
public class PageUser {

    private final SecurityIdentity identity;

    public PageUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }
}
