package io.camelota.flash;

import io.camelota.bundle.Manifest;

/**
 * A last word on an offered bundle once its manifest is known and before any slot byte is
 * written (e.g. a staged rollout that needs the offered version). Throwing ends the install; the
 * installer then aborts the body, so nothing after the manifest is downloaded.
 */
@FunctionalInterface
public interface OfferGate {

    void admit(Manifest manifest);
}
