package dev.jemception.engine.emscripten;

import com.dylibso.chicory.runtime.Memory;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@code struct tm} and seconds since the epoch, converted in UTC (the only zone here, see
 * {@code __tzset_js}): what {@code __gmtime_js}, {@code __localtime_js}, {@code __mktime_js} and
 * {@code __timegm_js} do in Emscripten's glue.
 */
final class CivilTime {
    private CivilTime() {}

    /** Writes {@code seconds} as a {@code struct tm} at {@code tm}. */
    static void write(Memory memory, int tm, long seconds) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        memory.writeI32(tm, t.getSecond());
        memory.writeI32(tm + 4, t.getMinute());
        memory.writeI32(tm + 8, t.getHour());
        memory.writeI32(tm + 12, t.getDayOfMonth());
        memory.writeI32(tm + 16, t.getMonthValue() - 1);
        memory.writeI32(tm + 20, t.getYear() - 1900);
        memory.writeI32(tm + 24, t.getDayOfWeek().getValue() % 7);
        memory.writeI32(tm + 28, t.getDayOfYear() - 1);
        memory.writeI32(tm + 32, 0); // tm_isdst
        memory.writeI32(tm + 36, 0); // tm_gmtoff
    }

    /** The seconds a {@code struct tm} stands for, its fields normalized in place (as mktime does). */
    static long read(Memory memory, int tm) {
        LocalDateTime t = LocalDateTime.of(1900, 1, 1, 0, 0)
                .plusYears(memory.readInt(tm + 20))
                .plusMonths(memory.readInt(tm + 16))
                .plusDays(memory.readInt(tm + 12) - 1L)
                .plusHours(memory.readInt(tm + 8))
                .plusMinutes(memory.readInt(tm + 4))
                .plusSeconds(memory.readInt(tm));
        long seconds = t.toEpochSecond(ZoneOffset.UTC);
        write(memory, tm, seconds);
        return seconds;
    }
}
