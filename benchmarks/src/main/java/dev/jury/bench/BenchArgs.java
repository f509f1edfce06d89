package dev.jury.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Command-line options of the form {@code --name value}, as the benchmarks take them: one reading
 * of the arguments and one set of number checks for every benchmark's parser, so that they all
 * refuse bad input alike.
 */
public final class BenchArgs {
    private BenchArgs() {}

    /**
     * The {@code --name value} pairs of {@code args}, in order; the caller's switch on the name
     * refuses the names it does not know.
     *
     * @throws IllegalArgumentException with an empty message for {@code -h}/{@code --help} (the
     *     caller prints its usage), or naming the option that lacks a value
     */
    public static List<Option> options(String[] args) {
        return options(args, Set.of());
    }

    /**
     * As {@link #options(String[])}, except that each option named in {@code lists} takes every
     * argument after it up to the next that starts with {@code --} ({@code --datasets A B}): one
     * {@link Option} per value, none when no value follows.
     *
     * @throws IllegalArgumentException with an empty message for {@code -h}/{@code --help} (the
     *     caller prints its usage), or naming the option that lacks a value
     */
    public static List<Option> options(String[] args, Set<String> lists) {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("-h") || name.equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (lists.contains(name)) {
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    options.add(new Option(name, args[++i]));
                }
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.add(new Option(name, args[++i]));
        }
        return options;
    }

    /**
     * One option as given.
     *
     * @param name the option, e.g. {@code --rate}
     * @param value its value, unparsed
     */
    public record Option(String name, String value) {

        /** The value as an integer of at least {@code min}. */
        public long integer(long min) {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs an integer, got '" + value + "'");
            }
            if (n < min) {
                throw new IllegalArgumentException(name + " must be at least " + min);
            }
            return n;
        }

        /** The value as an int of at least {@code min}. */
        public int smallInteger(int min) {
            long n = integer(min);
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be at most " + Integer.MAX_VALUE);
            }
            return (int) n;
        }

        /** The value as a share in [0, 1]. */
        public double fraction() {
            double f;
            try {
                f = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, got '" + value + "'");
            }
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1]");
            }
            return f;
        }

        /** Refuses an option the benchmark does not take. */
        public IllegalArgumentException unknown() {
            return new IllegalArgumentException("unknown option " + name);
        }
    }
}
