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
        return of(headers.getAcceptableLanguages(), headers.getCookies());
    }

    /** From the browser's languages and the cookies, as a request filter has them. */
    static String of(java.util.List<Locale> acceptable, java.util.Map<String, jakarta.ws.rs.core.Cookie> cookies) {
        var picked = cookies.get(COOKIE);
        if (picked != null && ("en".equals(picked.getValue()) || "zh".equals(picked.getValue()))) {
            return picked.getValue();
        }
        for (Locale l : acceptable) {
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
