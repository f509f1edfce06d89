package dev.jury.bench.api;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM, by the PostgreSQL server on one port and by the whole machine, read
 * from {@code /proc} (Linux).
 *
 * <p>On a machine shared with other work, requests per second mostly say how much CPU the scheduler
 * gave the benchmark. CPU time per request says what a request costs, and the share of the machine
 * the benchmark got says how starved it was; both stay meaningful under contention.
 */
final class CpuMeter {

    /**
     * Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux build that matters.
     */
    private static final double TICK_SECONDS = 0.01;

    /** One reading: CPU seconds of the JVM and of PostgreSQL, machine busy and total seconds. */
    record Sample(double jvm, double postgres, double machineBusy, double machineTotal) {

        Sample minus(Sample earlier) {
            return new Sample(
                    jvm - earlier.jvm,
                    postgres - earlier.postgres,
                    machineBusy - earlier.machineBusy,
                    machineTotal - earlier.machineTotal);
        }
    }

    private final int postgresPort;

    /**
     * @param postgresPort the port the measured PostgreSQL server listens on
     */
    CpuMeter(int postgresPort) {
        this.postgresPort = postgresPort;
    }

    Sample sample() {
        double jvm =
                ((com.sun.management.OperatingSystemMXBean)
                                        ManagementFactory.getOperatingSystemMXBean())
                                .getProcessCpuTime()
                        / 1e9;
        double[] machine = machine();
        return new Sample(jvm, postgres(), machine[0], machine[1]);
    }

    /** CPU seconds of the postmaster listening on the port and of its children (the backends). */
    private double postgres() {
        long postmaster = -1;
        String portArg = "\0-p\0" + postgresPort + "\0";
        List<Path> procs;
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            procs = s.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
        } catch (IOException e) {
            return Double.NaN;
        }
        for (Path p : procs) {
            String cmd = read(p.resolve("cmdline"));
            if (cmd != null && cmd.contains("postgres") && cmd.contains(portArg)) {
                postmaster = Long.parseLong(p.getFileName().toString());
                break;
            }
        }
        if (postmaster < 0) {
            return Double.NaN;
        }
        double seconds = 0;
        for (Path p : procs) {
            long[] stat = stat(p);
            if (stat != null
                    && (stat[0] == postmaster
                            || stat[1] == postmaster)) { // the postmaster or one of its children
                seconds += stat[2] * TICK_SECONDS;
                if (stat[0] == postmaster) {
                    // Backends that ended (pgbench's, at its end) were reaped by the postmaster.
                    seconds += stat[3] * TICK_SECONDS;
                }
            }
        }
        return seconds;
    }

    /**
     * pid, ppid, utime + stime ticks and its reaped children's cutime + cstime ticks of one
     * process, or null if it is gone.
     */
    static long[] stat(Path proc) {
        String stat = read(proc.resolve("stat"));
        if (stat == null) {
            return null;
        }
        // The command name is in parentheses and may hold spaces; fields follow the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {
            Long.parseLong(proc.getFileName().toString()),
            Long.parseLong(f[1]),
            Long.parseLong(f[11]) + Long.parseLong(f[12]),
            Long.parseLong(f[13]) + Long.parseLong(f[14])
        };
    }

    /** Busy and total CPU seconds of the machine, all cores, from {@code /proc/stat}. */
    private static double[] machine() {
        String stat = read(Path.of("/proc/stat"));
        if (stat == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        String[] f = stat.lines().findFirst().orElse("").trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
        return new double[] {(total - idle) * TICK_SECONDS, total * TICK_SECONDS};
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
