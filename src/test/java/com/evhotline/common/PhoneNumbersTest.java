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

/** Numbers as the phone network has them, for the PBX's region (+86). */
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
        void shouldFollowAnotherRegionsOwnRules() {
            assertEquals("+442079460958", numbers.normalise("caller", "0044 20 7946 0958"));
            assertEquals("+16502530000", numbers.normalise("caller", "+1 (650) 253-0000"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"10086", "95598", "110", "114", "95588"})
        void shouldKeepAShortServiceNumberAsDialledAndNeverMakeItAnE164Number(String shortNumber) {
            assertEquals(shortNumber, numbers.normalise("caller", shortNumber));
            assertEquals(Optional.of(shortNumber), numbers.tryNormalise(shortNumber));
            assertEquals(Optional.of("10086"), numbers.tryNormalise("100-86"));
        }

        @Test
        void shouldKeepANumberThePbxReportsAsSentWhenTheNumberingPlanDoesNotKnowIt() {
            assertEquals(Optional.of("12345"), numbers.tryNormalise("12345"));
            assertEquals(Optional.of("+861234567890123"), numbers.tryNormalise("+861234567890123"));
            assertEquals(Optional.of("+8612315678"), numbers.tryNormalise("012315678"));
        }

        @Test
        void shouldGiveALocalLandlineTheConfiguredAreaCode() {
            PhoneNumbers shanghai = new PhoneNumbers("86", Optional.of("021"));

            assertEquals("+862162345678", shanghai.normalise("caller", "6234 5678"));
            assertEquals(Optional.of("+862162345678"), shanghai.tryNormalise("62345678"));
            assertEquals("+861012345678", shanghai.normalise("caller", "010 12345678"), "another area keeps its own");
            assertEquals("+8613800000000", shanghai.normalise("caller", "13800000000"), "a mobile has no area");
            assertEquals("10086", shanghai.normalise("caller", "10086"), "a service number takes no area code");
            assertEquals("+862162345678", new PhoneNumbers("86", Optional.of("21")).normalise("c", "62345678"));
        }

        @Test
        void shouldNotGuessAnAreaCodeWhenNoneIsConfigured() {
            assertThrows(Problem.class, () -> numbers.normalise("caller", "62345678"));
            assertEquals(Optional.of("62345678"), numbers.tryNormalise("62345678"), "kept as dialled, not +8662345678");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"12345", "12315", "12306", "12366"})
        void shouldNeverTurnAServiceNumberIntoALandlineOfTheArea(String service) {
            PhoneNumbers shanghai = new PhoneNumbers("86", Optional.of("021"));
            assertEquals(Optional.of(service), shanghai.tryNormalise(service));
        }

        @Test
        void shouldTakeOnlyANumberThatReceivesSmsAsAMobile() {
            assertEquals("+8613800000000", numbers.mobile("mobile", "138 0000 0000"));
            Problem landline = assertThrows(Problem.class, () -> numbers.mobile("mobile", "010-12345678"));
            assertTrue(landline.getMessage().startsWith("mobile: expected a mobile number"), landline.getMessage());
            assertThrows(Problem.class, () -> numbers.mobile("mobile", "10086"));
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

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"+861234567890123", "+1234567", "12315678", "1380000000", "12345"})
        void shouldRefuseANumberTypedByHandThatTheNumberingPlanDoesNotAllow(String raw) {
            Problem problem = assertThrows(Problem.class, () -> numbers.normalise("callerNumber", raw));
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
            assertTrue(message.contains("E.164") && message.contains("+86"), message);
            assertTrue(message.contains("short service number"), message);
            assertTrue(message.contains("'abc'"), message);
        }

        @Test
        void shouldShowTheConfiguredCountryCodeInTheExample() {
            Problem problem = assertThrows(Problem.class, () -> new PhoneNumbers("49").normalise("phone", "12"));
            assertTrue(problem.getMessage().contains("valid in DE (+49)"), problem.getMessage());
        }

        @ParameterizedTest(name = "''{0}''")
        @NullAndEmptySource
        @ValueSource(strings = {"0", "1234", "+86", "086", "abc", "999"})
        void shouldRefuseABadCountryCode(String code) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PhoneNumbers(code));
            assertTrue(e.getMessage().contains("country code"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseAnAreaCodeThatIsNotDigits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PhoneNumbers("86", Optional.of("2l")));
        assertTrue(e.getMessage().contains("area code"), e.getMessage());
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
