package com.evhotline.telephony.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Which addresses may ask the FastAGI script for routes (its answers carry staff mobile numbers). */
class AddressAllowListTest {

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static String refusal(String list) {
        return assertThrows(IllegalArgumentException.class, () -> AddressAllowList.parse(list)).getMessage();
    }

    @Test
    void shouldAllowExactlyTheAddressOfASlash32() {
        AddressAllowList list = AddressAllowList.parse("192.0.2.10/32");
        assertTrue(list.allows(ip("192.0.2.10")));
        assertFalse(list.allows(ip("192.0.2.11")));
    }

    @Test
    void shouldTakeAnAddressWithoutPrefixAsASingleHost() {
        AddressAllowList list = AddressAllowList.parse("192.0.2.10");
        assertTrue(list.allows(ip("192.0.2.10")));
        assertFalse(list.allows(ip("192.0.2.11")));
    }

    @Test
    void shouldAllowAWholeSlash8() {
        AddressAllowList list = AddressAllowList.parse("10.0.0.0/8");
        assertTrue(list.allows(ip("10.0.0.1")));
        assertTrue(list.allows(ip("10.255.255.255")));
        assertFalse(list.allows(ip("11.0.0.1")));
        assertFalse(list.allows(ip("9.255.255.255")));
    }

    @Test
    void shouldAllowEveryIpv4AddressWithSlash0ButNoIpv6One() {
        AddressAllowList list = AddressAllowList.parse("0.0.0.0/0");
        assertTrue(list.allows(ip("203.0.113.7")));
        assertTrue(list.allows(ip("127.0.0.1")));
        assertFalse(list.allows(ip("::1")));
    }

    @Test
    void shouldAllowIpv6LoopbackAsASlash128() {
        AddressAllowList list = AddressAllowList.parse("::1/128");
        assertTrue(list.allows(ip("::1")));
        assertFalse(list.allows(ip("::2")));
    }

    @Test
    void shouldAllowAnIpv6Slash64() {
        AddressAllowList list = AddressAllowList.parse("2001:db8:1:2::/64");
        assertTrue(list.allows(ip("2001:db8:1:2::5")));
        assertTrue(list.allows(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        assertFalse(list.allows(ip("2001:db8:1:3::5")));
    }

    @Test
    void shouldNotMatchAnIpv4AddressAgainstAnIpv6List() {
        AddressAllowList list = AddressAllowList.parse("::/0");
        assertFalse(list.allows(ip("127.0.0.1")));
        assertTrue(list.allows(ip("2001:db8::1")));
    }

    @Test
    void shouldAllowNothingForANullAddress() {
        assertFalse(AddressAllowList.parse("0.0.0.0/0").allows(null));
    }

    @Test
    void shouldIgnoreBlankEntriesAndSpacesAroundEntries() {
        AddressAllowList list = AddressAllowList.parse(" 127.0.0.1/32 , ,::1/128,, 10.0.0.0/8 ");
        assertTrue(list.allows(ip("127.0.0.1")));
        assertTrue(list.allows(ip("::1")));
        assertTrue(list.allows(ip("10.1.2.3")));
        assertFalse(list.allows(ip("192.0.2.1")));
    }

    @Test
    void shouldAllowNothingWhenTheListIsBlank() {
        assertFalse(AddressAllowList.parse(" , ").allows(ip("127.0.0.1")));
    }

    @Test
    void shouldRefuseAHostNameSayingToGiveAnAddress() {
        String message = refusal("127.0.0.1/32,pbx.example.com");
        assertTrue(message.contains("'pbx.example.com'"), message);
        assertTrue(message.contains("give an IP address, not a host name"), message);
    }

    @Test
    void shouldRefuseAShortenedIpv4AddressRatherThanReadItAsAnotherOne() {
        // InetAddress reads "10" as 0.0.0.10: "10/8" would quietly allow 0.0.0.0/8 and refuse the PBX at 10.x
        String message = refusal("10/8");
        assertTrue(message.contains("'10/8'"), message);
        assertTrue(message.contains("four numbers from 0 to 255"), message);
        assertThrows(IllegalArgumentException.class, () -> AddressAllowList.parse("127.1/32"));
        assertThrows(IllegalArgumentException.class, () -> AddressAllowList.parse("10.0.0.256/32"));
    }

    @Test
    void shouldRefuseAHostNameOfHexLettersAsAHostNameWithoutLookingItUp() {
        String message = refusal("cafe/32");
        assertTrue(message.contains("'cafe/32'"), message);
        assertTrue(message.contains("not a host name"), message);
    }

    @Test
    void shouldRefuseAnIpv4PrefixLongerThan32SayingTheRange() {
        String message = refusal("10.0.0.0/33");
        assertTrue(message.contains("'10.0.0.0/33'"), message);
        assertTrue(message.contains("between 0 and 32"), message);
    }

    @Test
    void shouldRefuseAnIpv6PrefixLongerThan128SayingTheRange() {
        String message = refusal("::1/129");
        assertTrue(message.contains("'::1/129'"), message);
        assertTrue(message.contains("between 0 and 128"), message);
    }

    @Test
    void shouldRefuseANonNumericPrefixSayingItMustBeANumber() {
        String message = refusal("10.0.0.0/eight");
        assertTrue(message.contains("'10.0.0.0/eight'"), message);
        assertTrue(message.contains("must be a number"), message);
    }

    @Test
    void shouldShowAnExampleOfAGoodListInEveryRefusal() {
        assertTrue(refusal("10.0.0.0/x").contains("127.0.0.1/32,10.0.0.0/8,::1/128"));
    }

    @Test
    void shouldPrintAsItWasConfigured() {
        assertEquals("127.0.0.1/32,::1/128", AddressAllowList.parse("127.0.0.1/32,::1/128").toString());
    }
}
