package com.evhotline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Caller numbers in E.164 with the configured country code (86). */
class PhoneNumbersTest {

    private final PhoneNumbers numbers = new PhoneNumbers("86");

    @Nested
    class Normalising {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"13800000000", "013800000000", "008613800000000", "+8613800000000",
                "+86 138-0000-0000", "  13800000000  ", "(0)138 0000 0000", "+86.138.0000.0000", "8613800000000",
                "+86 (0)138 0000 0000"})
        void shouldNormaliseEveryFormOfTheSameMobileToE164(String raw) {
            assertEquals("+8613800000000", numbers.normalise("caller", raw));
            assertEquals(Optional.of("+8613800000000"), numbers.tryNormalise(raw));
        }

        @Test
        void shouldPrefixANationalLandlineWithTheCountryCodeAndDropTheTrunkZero() {
            assertEquals("+861012345678", numbers.normalise("caller", "010-12345678"));
        }

        @Test
        void shouldKeepAForeignInternationalNumberAsItIs() {
            assertEquals("+4930123456", numbers.normalise("caller", "+49 30 123456"));
            assertEquals("+4930123456", numbers.normalise("caller", "004930123456"));
        }

        @Test
        void shouldUseTheConfiguredCountryCodeForNationalNumbers() {
            PhoneNumbers germany = new PhoneNumbers("49");
            assertEquals("+4930123456", germany.normalise("caller", "030123456"));
            assertEquals("+8613800000000", germany.normalise("caller", "+8613800000000"));
        }

        @Test
        void shouldAcceptFifteenDigitsAndSevenDigits() {
            assertEquals("+861234567890123", numbers.normalise("caller", "+861234567890123"));
            assertEquals("+1234567", numbers.normalise("caller", "+1234567"));
        }
    }

    @Nested
    class Refusing {

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"abc", "12", "++86138", "+0123456789", "+1234567890123456", "1234567890123456",
                "+86 138 0000 0000 0000", "", "   ", "+", "138x0000000", "+123456", "0086", "+86 138/0000/0000"})
        void shouldRefuseGarbage(String raw) {
            assertEquals(Optional.empty(), numbers.tryNormalise(raw));
            Problem problem = assertThrows(Problem.class, () -> numbers.normalise("caller", raw));
            assertEquals(400, problem.status());
        }

        @Test
        void shouldRefuseNull() {
            assertEquals(Optional.empty(), numbers.tryNormalise(null));
            Problem problem = assertThrows(Problem.class, () -> numbers.normalise("caller", null));
            assertEquals(400, problem.status());
        }

        @Test
        void shouldNameTheFieldTheRawValueAndAnExampleInTheRefusal() {
            Problem problem = assertThrows(Problem.class, () -> numbers.normalise("callerNumber", "abc"));

            String message = problem.getMessage();
            assertTrue(message.startsWith("callerNumber:"), message);
            assertTrue(message.contains("+8613800000000"), message);
            assertTrue(message.contains("13800000000"), message);
            assertTrue(message.contains("'abc'"), message);
        }

        @Test
        void shouldShowTheConfiguredCountryCodeInTheExample() {
            Problem problem = assertThrows(Problem.class, () -> new PhoneNumbers("49").normalise("phone", "12"));
            assertTrue(problem.getMessage().contains("+4913800000000"), problem.getMessage());
        }

        @ParameterizedTest(name = "''{0}''")
        @NullAndEmptySource
        @ValueSource(strings = {"0", "1234", "+86", "086", "abc"})
        void shouldRefuseABadCountryCode(String code) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PhoneNumbers(code));
            assertTrue(e.getMessage().contains("country code"), e.getMessage());
        }
    }

    @Nested
    class Withheld {

        @ParameterizedTest(name = "''{0}''")
        @NullAndEmptySource
        @ValueSource(strings = {"unknown", "<unknown>", "anonymous", "Anonymous", "UNKNOWN", "  ", " unknown ",
                "private", "restricted", "withheld", "unavailable"})
        void shouldRecogniseAWithheldNumber(String raw) {
            assertTrue(PhoneNumbers.isWithheld(raw));
        }

        @ParameterizedTest
        @ValueSource(strings = {"13800000000", "+8613800000000", "unknownx"})
        void shouldNotTakeARealNumberForAWithheldOne(String raw) {
            assertFalse(PhoneNumbers.isWithheld(raw));
        }

        @ParameterizedTest
        @ValueSource(strings = {"unknown", "<unknown>", "anonymous"})
        void shouldRefuseToNormaliseAWithheldMarker(String raw) {
            assertEquals(Optional.empty(), numbers.tryNormalise(raw));
        }
    }
}
