package io.camelota.app;
public final class OtaMain { public static void main(String[] a) {} }
