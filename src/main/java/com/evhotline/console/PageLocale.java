package com.evhotline.console;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/**
 * The language of a page: the one the user picked ({@code lang} cookie, set by {@code /lang}), else the one
 * the browser asks for first among those we have, else Simplified Chinese.
 */
public final class PageLocale {

    static final String COOKIE = "lang";

    private PageLocale() {
    }

    static String of(HttpHeaders headers) {
        var picked = headers.getCookies().get(COOKIE);
        if (picked != null && ("en".equals(picked.getValue()) || "zh".equals(picked.getValue()))) {
            return picked.getValue();
        }
        for (Locale l : headers.getAcceptableLanguages()) {
            if ("en".equals(l.getLanguage()) || "zh".equals(l.getLanguage())) {
                return l.getLanguage();
            }
        }
        return "zh";
    }

    /** The template in that language, told it ({@code lang}) for the page's own attribute. */
    public static TemplateInstance in(TemplateInstance page, HttpHeaders headers) {
        String lang = of(headers);
        return page.setLocale(Locale.forLanguageTag(lang)).data("lang", lang.equals("zh") ? "zh-CN" : "en");
    }
}
