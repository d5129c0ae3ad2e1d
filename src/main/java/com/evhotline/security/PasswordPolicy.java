package com.evhotline.security;

import com.evhotline.common.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be: at least {@link #MIN_LENGTH} characters and at most {@link #MAX_BYTES}
 * bytes in UTF-8 (bcrypt reads no further, and a longer one would be cut without a word), not one of
 * the passwords tried first by anyone guessing, not the username, and not one character repeated.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_BYTES = 72;
    private static final Set<String> COMMON = Set.of("password", "password1", "password12", "password123",
            "password1234", "passw0rd", "p@ssw0rd", "p@ssword", "123456", "1234567", "12345678", "123456789",
            "1234567890", "0123456789", "12345678910", "qwerty", "qwertyuiop", "qwerty123", "qwerty1234", "1q2w3e4r",
            "1q2w3e4r5t", "1qaz2wsx", "1qaz2wsx3edc", "zaq12wsx", "abc123", "abcd1234", "abcdefghij", "iloveyou",
            "iloveyou1", "admin", "admin123", "admin1234", "administrator", "welcome", "welcome1", "welcome123",
            "letmein", "letmein123", "changeme", "change-me", "changeme123", "monkey", "dragon", "football",
            "baseball", "sunshine", "princess", "superman", "trustno1", "starwars", "whatever", "shadow", "master",
            "hello123", "freedom", "computer", "internet", "secret", "secret123", "default", "guest", "root",
            "toor", "hotline", "hotline123", "service", "support", "support123", "888888", "88888888", "666666",
            "66666666", "111111", "11111111", "000000", "00000000", "a123456", "a1234567", "aa123456",
            "woaini", "woaini1314", "5201314", "asdfghjkl", "asdfasdf", "zxcvbnm", "zxcvbnm123", "q1w2e3r4t5",
            "987654321", "9876543210", "11223344", "aaaaaaaaaa");

    private PasswordPolicy() {
    }

    /** Refuses the password with a 400 that says what to choose instead; {@code field} names it. */
    public static void check(String field, String password, String username) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw Problem.invalid(field + ": at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw Problem.invalid(field + ": at most " + MAX_BYTES + " bytes in UTF-8 (about " + MAX_BYTES
                    + " letters, fewer with accents or Chinese characters); a longer one would be cut short");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || password.chars().distinct().count() == 1) {
            throw Problem.invalid(field + ": one of the passwords guessed first; choose a passphrase of several words");
        }
        if (username != null && lower.contains(username.toLowerCase(Locale.ROOT))) {
            throw Problem.invalid(field + ": must not contain the username");
        }
    }
}
