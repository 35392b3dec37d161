package io.camelota.http;

/**
 * Who the device says it is in every request (protocol §2.3).
 *
 * @param id       device.id; null/blank is sent as "-"
 * @param mac      12 upper-case hex digits, no separators
 * @param platform device.platform (the original's arch: esp32, ubuntu, …)
 * @param app      device.app, the application name in User-Agent
 * @param osToken  what stands where the original's User-Agent says "MongooseOS/&lt;version&gt;"
 */
public record DeviceIdentity(String id, String mac, String platform, String app, String osToken) {

    public String deviceIdHeader() {
        return (id == null || id.isBlank() ? "-" : id) + " " + mac;
    }

    public String fwVersionHeader(String fwVersion, String fwId) {
        return platform + " " + fwVersion + " " + fwId;
    }

    public String userAgent(String fwVersion) {
        return app + "/" + fwVersion + " (" + osToken + "; " + platform + ")";
    }
}
