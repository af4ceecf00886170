package dev.nodeless.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests of when a schedule window is active (2026-11-20 is a Friday; Paris is UTC+1 in winter, +2 in summer). */
class BaselineScheduleTest {

    static BaselineSchedule.Window window(String days, String from, String to, String zone, int replicas) {
        return BaselineSchedule.Window.of(List.of(days.split(",")), from, to, zone, replicas);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                                  | days                | from  | to    | zone             | instant              | active
            business hours: start is inclusive (08:00 CET)          | Mon,Tue,Wed,Thu,Fri | 08:00 | 18:00 | Europe/Paris     | 2026-11-20T07:00:00Z | true
            business hours: a second before the start               | Mon,Tue,Wed,Thu,Fri | 08:00 | 18:00 | Europe/Paris     | 2026-11-20T06:59:59Z | false
            business hours: a second before the end                 | Mon,Tue,Wed,Thu,Fri | 08:00 | 18:00 | Europe/Paris     | 2026-11-20T16:59:59Z | true
            business hours: end is exclusive (18:00 CET)            | Mon,Tue,Wed,Thu,Fri | 08:00 | 18:00 | Europe/Paris     | 2026-11-20T17:00:00Z | false
            business hours: Saturday is not a day of the window     | Mon,Tue,Wed,Thu,Fri | 08:00 | 18:00 | Europe/Paris     | 2026-11-21T10:00:00Z | false
            business hours: Monday after the weekend                | Mon,Tue,Wed,Thu,Fri | 08:00 | 18:00 | Europe/Paris     | 2026-11-23T07:30:00Z | true
            same local hours in UTC: 07:30Z is before 08:00 UTC     | Mon,Tue,Wed,Thu,Fri | 08:00 | 18:00 | UTC              | 2026-11-20T07:30:00Z | false
            zone behind UTC: Saturday 02:00Z is Friday 21:00 EST    | Fri                 | 20:00 | 23:00 | America/New_York | 2026-11-21T02:00:00Z | true
            zone behind UTC: Friday 21:00Z is Friday 16:00 EST      | Fri                 | 20:00 | 23:00 | America/New_York | 2026-11-20T21:00:00Z | false
            across midnight: starts Friday 22:00                    | Fri                 | 22:00 | 06:00 | UTC              | 2026-11-20T22:00:00Z | true
            across midnight: Saturday 05:59 belongs to Friday       | Fri                 | 22:00 | 06:00 | UTC              | 2026-11-21T05:59:59Z | true
            across midnight: ends Saturday 06:00                    | Fri                 | 22:00 | 06:00 | UTC              | 2026-11-21T06:00:00Z | false
            across midnight: Saturday 22:30 is not Friday's         | Fri                 | 22:00 | 06:00 | UTC              | 2026-11-21T22:30:00Z | false
            across midnight: Friday 05:00 would be Thursday's       | Fri                 | 22:00 | 06:00 | UTC              | 2026-11-20T05:00:00Z | false
            across the week's end: Sunday night into Monday         | Sun                 | 22:00 | 02:00 | UTC              | 2026-11-23T01:00:00Z | true
            to 00:00 ends at midnight: last second of Sunday        | Sun                 | 23:00 | 00:00 | UTC              | 2026-11-22T23:59:59Z | true
            to 00:00 ends at midnight: Monday 00:00 is outside      | Sun                 | 23:00 | 00:00 | UTC              | 2026-11-23T00:00:00Z | false
            day boundary: Monday 00:00 starts a Monday window       | Mon                 | 00:00 | 01:00 | UTC              | 2026-11-23T00:00:00Z | true
            day boundary: Sunday 23:59:59 is not Monday             | Mon                 | 00:00 | 01:00 | UTC              | 2026-11-22T23:59:59Z | false
            DST spring: starts Saturday 22:00 CET                   | Sat                 | 22:00 | 06:00 | Europe/Paris     | 2026-03-28T21:00:00Z | true
            DST spring: a second before 06:00 CEST                  | Sat                 | 22:00 | 06:00 | Europe/Paris     | 2026-03-29T03:59:59Z | true
            DST spring: ends 06:00 CEST, not 06:00 CET (05:00Z)     | Sat                 | 22:00 | 06:00 | Europe/Paris     | 2026-03-29T04:00:00Z | false
            DST gap: 02:30 does not exist, starts at 03:30 CEST     | Sun                 | 02:30 | 04:00 | Europe/Paris     | 2026-03-29T01:29:59Z | false
            DST gap: active from 03:30 CEST                         | Sun                 | 02:30 | 04:00 | Europe/Paris     | 2026-03-29T01:30:00Z | true
            DST gap: ends 04:00 CEST                                | Sun                 | 02:30 | 04:00 | Europe/Paris     | 2026-03-29T02:00:00Z | false
            DST overlap: 02:30 twice, the earlier (CEST) one starts | Sun                 | 02:30 | 05:00 | Europe/Paris     | 2026-10-25T00:30:00Z | true
            DST overlap: before the first 02:30                     | Sun                 | 02:30 | 05:00 | Europe/Paris     | 2026-10-25T00:29:59Z | false
            """)
    void activeAt(String name, String days, String from, String to, String zone, Instant at, boolean active) {
        BaselineSchedule.Window w = window(days, from, to, zone, 3);

        assertThat(w.activeAt(at)).isEqualTo(active);
        assertThat(new BaselineSchedule(List.of(w)).activeAt(at)).isEqualTo(active ? java.util.Optional.of(w) : java.util.Optional.empty());
    }

    @Test
    void baselineAt_isTheLargerOfTheFloorAndTheActiveWindows() {
        BaselineSchedule.Window day = window("Mon,Tue,Wed,Thu,Fri", "08:00", "18:00", "UTC", 6);
        BaselineSchedule.Window peak = window("Fri", "12:00", "14:00", "UTC", 9);
        BaselineSchedule.Window low = window("Fri", "00:00", "23:00", "UTC", 1);
        BaselineSchedule s = new BaselineSchedule(List.of(low, day, peak));

        assertThat(s.baselineAt(Instant.parse("2026-11-20T07:00:00Z"), 2)).as("only the low window: floor wins").isEqualTo(2);
        assertThat(s.activeAt(Instant.parse("2026-11-20T07:00:00Z"))).contains(low);
        assertThat(s.baselineAt(Instant.parse("2026-11-20T09:00:00Z"), 2)).isEqualTo(6);
        assertThat(s.baselineAt(Instant.parse("2026-11-20T13:00:00Z"), 2)).as("overlap: the most replicas").isEqualTo(9);
        assertThat(s.activeAt(Instant.parse("2026-11-20T13:00:00Z"))).contains(peak);
        assertThat(s.baselineAt(Instant.parse("2026-11-20T13:00:00Z"), 12)).as("a floor above every window").isEqualTo(12);
        assertThat(s.baselineAt(Instant.parse("2026-11-21T13:00:00Z"), 2)).as("Saturday: none active").isEqualTo(2);
        assertThat(BaselineSchedule.NONE.baselineAt(Instant.parse("2026-11-20T13:00:00Z"), 2)).isEqualTo(2);
    }

    @Test
    void lastDrop_isTheLatestWindowEndThatLoweredTheBaseline() {
        BaselineSchedule.Window day = window("Mon,Tue,Wed,Thu,Fri", "08:00", "18:00", "Europe/Paris", 6);
        BaselineSchedule.Window evening = window("Fri", "17:00", "20:00", "Europe/Paris", 6); // overlaps the end of the day window
        BaselineSchedule s = new BaselineSchedule(List.of(day, evening));
        Duration tenMinutes = Duration.ofMinutes(10);

        assertThat(s.lastDropWithin(Instant.parse("2026-11-19T17:05:00Z"), tenMinutes, 2))
                .as("Thursday: the day window ended at 18:00 CET").contains(Instant.parse("2026-11-19T17:00:00Z"));
        assertThat(s.lastDropWithin(Instant.parse("2026-11-19T17:00:00Z"), tenMinutes, 2))
                .as("at the end itself").contains(Instant.parse("2026-11-19T17:00:00Z"));
        assertThat(s.lastDropWithin(Instant.parse("2026-11-19T17:10:00Z"), tenMinutes, 2))
                .as("a whole look-back after").contains(Instant.parse("2026-11-19T17:00:00Z"));
        assertThat(s.lastDropWithin(Instant.parse("2026-11-19T17:10:01Z"), tenMinutes, 2))
                .as("outside the look-back").isEmpty();
        assertThat(s.lastDropWithin(Instant.parse("2026-11-20T17:05:00Z"), tenMinutes, 2))
                .as("Friday: the evening window keeps 6 at 18:00, no drop").isEmpty();
        assertThat(s.lastDropWithin(Instant.parse("2026-11-20T19:05:00Z"), tenMinutes, 2)).contains(Instant.parse("2026-11-20T19:00:00Z"));
        assertThat(s.lastDropWithin(Instant.parse("2026-11-19T17:05:00Z"), tenMinutes, 6))
                .as("a floor as high as the window: nothing falls").isEmpty();
        assertThat(s.lastDropWithin(Instant.parse("2026-11-22T12:00:00Z"), Duration.ofDays(3), 2))
                .as("a long look-back finds Friday's last end").contains(Instant.parse("2026-11-20T19:00:00Z"));
    }

    @Test
    void describe_namesDaysTimesAndZone() {
        assertThat(window("Mon,Tue,Wed,Thu,Fri", "08:00", "18:00", "Europe/Paris", 6).describe()).isEqualTo("Mon-Fri 08:00-18:00 Europe/Paris");
        assertThat(window("Sun,Sat", "22:00", "06:00", "UTC", 1).describe()).isEqualTo("Sat,Sun 22:00-06:00 UTC");
        assertThat(window("Fri,Mon,Wed,Tue", "09:30", "10:00", "Asia/Seoul", 1).describe()).isEqualTo("Mon-Wed,Fri 09:30-10:00 Asia/Seoul");
    }

    @Test
    void invalidWindows_areRejected() {
        assertThatThrownBy(() -> window("Mon", "08:00", "08:00", "UTC", 1)).hasMessageContaining("same time");
        assertThatThrownBy(() -> window("Monday", "08:00", "09:00", "UTC", 1)).hasMessageContaining("Mon..Sun");
        assertThatThrownBy(() -> BaselineSchedule.Window.of(List.of(), "08:00", "09:00", "UTC", 1)).hasMessageContaining("at least one day");
        assertThatThrownBy(() -> window("Mon", "08:00", "09:00", "UTC", -1)).hasMessageContaining("0 or more");
    }
}
