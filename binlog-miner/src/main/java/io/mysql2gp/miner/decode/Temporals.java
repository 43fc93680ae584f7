package io.mysql2gp.miner.decode;

import java.time.LocalDate;

/** Appends dates and times in the canonical staging text form, without String.format. */
final class Temporals {
    private static final int[] POW10 = {1, 10, 100, 1000, 10000, 100000, 1000000};

    private Temporals() {}

    /** {@code YYYY-MM-DD}, year zero-padded to 4 digits. */
    static void date(StringBuilder sb, int year, int month, int day) {
        pad(sb, year, 4);
        sb.append('-');
        pad(sb, month, 2);
        sb.append('-');
        pad(sb, day, 2);
    }

    /** {@code HH:MM:SS[.f]}: hours at least 2 digits (unbounded), {@code fsp} fraction digits. */
    static void clock(StringBuilder sb, int hour, int min, int sec, int micros, int fsp) {
        pad(sb, hour, 2);
        sb.append(':');
        pad(sb, min, 2);
        sb.append(':');
        pad(sb, sec, 2);
        if (fsp > 0) {
            sb.append('.');
            pad(sb, micros / POW10[6 - fsp], fsp);
        }
    }

    /** A UTC instant as {@code YYYY-MM-DD HH:MM:SS[.f]}. */
    static void utc(StringBuilder sb, long epochSecond, int micros, int fsp) {
        long days = Math.floorDiv(epochSecond, 86400L);
        int secOfDay = (int) Math.floorMod(epochSecond, 86400L);
        LocalDate d = LocalDate.ofEpochDay(days);
        date(sb, d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        sb.append(' ');
        clock(sb, secOfDay / 3600, secOfDay / 60 % 60, secOfDay % 60, micros, fsp);
    }

    static void pad(StringBuilder sb, int value, int width) {
        if (value < 0) {
            sb.append(value);
            return;
        }
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            sb.append('0');
        }
        sb.append(value);
    }
}
