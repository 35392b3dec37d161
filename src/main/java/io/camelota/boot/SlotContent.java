package io.camelota.boot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What one slot holds, as recorded when it was written (or the factory firmware's identity). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlotContent(
        @JsonProperty("name") String name,
        @JsonProperty("platform") String platform,
        @JsonProperty("version") String version,
        @JsonProperty("build_id") String buildId,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("size") Long size) {
}
