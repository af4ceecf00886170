package dev.nodeless.buffer;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Weekly windows that raise the buffer's baseline (the spec's {@code buffer.baselineSchedule}). Pure: the answer
 * depends on the instant asked about only.
 * <p>
 * A window is active from {@code from} (inclusive) to {@code to} (exclusive), local time in its zone, on each of its
 * days; when {@code to} is earlier than {@code from} it ends on the next day (22:00-06:00 belongs to the day it starts
 * on). Local times are turned into instants with {@link ZonedDateTime#of}: a time in a DST gap moves forward by the
 * gap's length, a time in an overlap takes the earlier offset.
 *
 * @param windows in spec order; when several are active the one with the most replicas wins (the first on a tie)
 */
public record BaselineSchedule(List<Window> windows) {

    public static final BaselineSchedule NONE = new BaselineSchedule(List.of());

    /** Day names as the spec writes them, Monday first (ISO order, as {@link DayOfWeek}). */
    public static final List<String> DAY_NAMES = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

    public BaselineSchedule {
        windows = List.copyOf(windows);
    }

    public boolean isEmpty() {
        return windows.isEmpty();
    }

    /** The window that sets the baseline at {@code t}: the active one with the most replicas, if any is active. */
    public Optional<Window> activeAt(Instant t) {
        Window best = null;
        for (Window w : windows) {
            if (w.activeAt(t) && (best == null || w.replicas() > best.replicas())) best = w;
        }
        return Optional.ofNullable(best);
    }

    /** The effective baseline at {@code t}: {@code floor} (the constant baseline) or an active window's replicas, whichever is more. */
    public int baselineAt(Instant t, int floor) {
        return Math.max(floor, activeAt(t).map(Window::replicas).orElse(floor));
    }

    /**
     * The latest instant in {@code [now - lookback, now]} at which the effective baseline fell (a window ended and
     * nothing as high took over), if there is one. The planner counts a cool-down of surplus from there at the
     * earliest, so the buffer shrinks a whole cool-down after a window ends, however long ago the last at-risk node went.
     */
    public Optional<Instant> lastDropWithin(Instant now, Duration lookback, int floor) {
        Instant earliest = now.minus(lookback);
        Instant latest = null;
        for (Window w : windows) {
            LocalDate last = now.atZone(w.zone()).toLocalDate();
            // an occurrence ending in the look-back started on the day it ends or the day before
            LocalDate first = earliest.atZone(w.zone()).toLocalDate().minusDays(1);
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                if (!w.days().contains(d.getDayOfWeek())) continue;
                Instant end = w.endOf(d);
                if (end.isAfter(now) || end.isBefore(earliest) || !end.isAfter(w.startOn(d))) continue;
                if (baselineAt(end, floor) < baselineAt(end.minusNanos(1), floor) && (latest == null || end.isAfter(latest))) {
                    latest = end;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /**
     * One weekly window.
     *
     * @param days     the days an occurrence starts on
     * @param from     local start time (inclusive)
     * @param to       local end time (exclusive); earlier than {@code from}: on the next day
     * @param zone     the zone {@code from} and {@code to} are in
     * @param replicas the baseline while the window is active
     */
    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone, int replicas) {

        public Window {
            if (days == null || days.isEmpty()) throw new IllegalArgumentException("a schedule window needs at least one day");
            if (from == null || to == null || zone == null) throw new IllegalArgumentException("a schedule window needs from, to and a time zone");
            if (from.equals(to)) throw new IllegalArgumentException("a schedule window cannot start and end at the same time (" + from + ")");
            if (replicas < 0) throw new IllegalArgumentException("a schedule window's replicas must be 0 or more, got " + replicas);
            days = Collections.unmodifiableSet(EnumSet.copyOf(days));
        }

        /** From the spec's notation: day names {@code Mon..Sun}, times {@code HH:MM}, an IANA zone id. */
        public static Window of(List<String> days, String from, String to, String timeZone, int replicas) {
            Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
            for (String d : days) set.add(day(d));
            return new Window(set, LocalTime.parse(from), LocalTime.parse(to), ZoneId.of(timeZone), replicas);
        }

        static DayOfWeek day(String name) {
            int i = DAY_NAMES.indexOf(name);
            if (i < 0) throw new IllegalArgumentException("not a day name (Mon..Sun): " + name);
            return DayOfWeek.of(i + 1);
        }

        public boolean crossesMidnight() {
            return to.isBefore(from);
        }

        public boolean activeAt(Instant t) {
            LocalDate today = t.atZone(zone).toLocalDate();
            for (LocalDate d : List.of(today, today.minusDays(1))) {
                if (days.contains(d.getDayOfWeek()) && !t.isBefore(startOn(d)) && t.isBefore(endOf(d))) return true;
            }
            return false;
        }

        /** Start of the occurrence that begins on local date {@code d}. */
        Instant startOn(LocalDate d) {
            return ZonedDateTime.of(d, from, zone).toInstant();
        }

        /** End of the occurrence that begins on local date {@code d}. */
        Instant endOf(LocalDate d) {
            return ZonedDateTime.of(crossesMidnight() ? d.plusDays(1) : d, to, zone).toInstant();
        }

        /** As the audit trail shows it, e.g. {@code Mon-Fri 08:00-18:00 Europe/Paris}. */
        public String describe() {
            return dayRanges() + " " + from + "-" + to + " " + zone.getId();
        }

        private String dayRanges() {
            List<String> parts = new ArrayList<>();
            int i = 1;
            while (i <= 7) {
                if (!days.contains(DayOfWeek.of(i))) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < 7 && days.contains(DayOfWeek.of(j + 1))) j++;
                String a = DAY_NAMES.get(i - 1);
                String b = DAY_NAMES.get(j - 1);
                if (j - i >= 2) parts.add(a + "-" + b);
                else if (j == i) parts.add(a);
                else parts.add(a + "," + b);
                i = j + 1;
            }
            return String.join(",", parts);
        }
    }
}
