package com.evhotline.telephony.agi;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The addresses allowed to use the routing script, as a list of CIDR blocks (IPv4 and IPv6). */
public final class AddressAllowList {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int shift = address.length * 8 - bits;
            BigInteger a = new BigInteger(1, address).shiftRight(shift);
            return a.equals(new BigInteger(1, network).shiftRight(shift));
        }
    }

    private final List<Block> blocks;
    private final String text;

    private AddressAllowList(List<Block> blocks, String text) {
        this.blocks = blocks;
        this.text = text;
    }

    /** Parses {@code "127.0.0.1/32,10.0.0.0/8,::1/128"}; a bad entry is an error that names it. */
    public static AddressAllowList parse(String list) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split("/", 2);
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                throw invalid(entry, "give an IP address, not a host name");
            }
            // InetAddress would read "10" as 0.0.0.10 and "127.1" as 127.0.0.1, and look up in DNS anything
            // else without a colon ("cafe"): only a full dotted quad or an IPv6 literal reaches it
            if (!parts[0].contains(":") && !IPV4.matcher(parts[0]).matches()) {
                throw invalid(entry, parts[0].matches("[0-9.]+")
                        ? "an IPv4 address is four numbers from 0 to 255 separated by dots, such as 10.0.0.0/8"
                        : "give an IP address, not a host name");
            }
            byte[] net;
            try {
                net = InetAddress.getByName(parts[0]).getAddress();
            } catch (UnknownHostException e) {
                throw invalid(entry, "not an IP address");
            }
            int max = net.length * 8;
            int bits;
            try {
                bits = parts.length == 1 ? max : Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw invalid(entry, "the prefix length after '/' must be a number");
            }
            if (bits < 0 || bits > max) {
                throw invalid(entry, "the prefix length must be between 0 and " + max);
            }
            blocks.add(new Block(net, bits));
        }
        return new AddressAllowList(List.copyOf(blocks), list);
    }

    public boolean allows(InetAddress address) {
        return address != null && blocks.stream().anyMatch(b -> b.contains(address.getAddress()));
    }

    @Override
    public String toString() {
        return text;
    }

    private static IllegalArgumentException invalid(String entry, String why) {
        return new IllegalArgumentException("HOTLINE_AGI_ALLOW entry '" + entry + "': " + why
                + " (expected a comma-separated list such as 127.0.0.1/32,10.0.0.0/8,::1/128)");
    }
}
