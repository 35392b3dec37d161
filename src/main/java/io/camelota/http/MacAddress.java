package io.camelota.http;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HexFormat;

/** The device MAC as the original formats it: 12 upper-case hex digits, no separators. */
public final class MacAddress {

    private MacAddress() {
    }

    /** The first non-loopback interface with a hardware address; twelve zeros when there is none. */
    public static String firstInterface() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] hw = nic.isLoopback() ? null : nic.getHardwareAddress();
                if (hw != null && hw.length == 6) {
                    return HexFormat.of().withUpperCase().formatHex(hw);
                }
            }
        } catch (SocketException ignored) {
            // no interfaces readable: fall through
        }
        return "000000000000";
    }

    /** Accepts the common spellings (colons, dashes, lower case) and returns the canonical form. */
    public static String normalize(String mac) {
        String hex = mac.replaceAll("[:\\-.]", "").toUpperCase();
        if (!hex.matches("[0-9A-F]{12}")) {
            throw new IllegalArgumentException("device.mac: not a MAC address: " + mac);
        }
        return hex;
    }

    /**
     * The original's device.id placeholders: an even number of '?' (at most 12) is replaced, left to
     * right, by that many trailing hex digits of the MAC ("esp32_??????" -> "esp32_1A2B3C").
     * An odd count is left as written, as the original does.
     */
    public static String expandPlaceholders(String id, String mac) {
        if (id == null) {
            return null;
        }
        long count = id.chars().filter(c -> c == '?').count();
        if (count == 0 || count % 2 != 0 || count > mac.length()) {
            return id;
        }
        String digits = mac.substring(mac.length() - (int) count);
        StringBuilder out = new StringBuilder(id.length());
        int next = 0;
        for (char c : id.toCharArray()) {
            out.append(c == '?' ? digits.charAt(next++) : c);
        }
        return out.toString();
    }
}
