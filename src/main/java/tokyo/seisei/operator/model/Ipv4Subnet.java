package tokyo.seisei.operator.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 network written as {@code 10.240.0.0/16}: its first address and its prefix length. The address must be
 * the network's own (no host bits set), as the engine requires of a subnet.
 */
public record Ipv4Subnet(long base, int prefix) {

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public Ipv4Subnet {
        if (prefix < 0 || prefix > 32 || base < 0 || base > 0xFFFFFFFFL || (base & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("not an IPv4 network: " + base + "/" + prefix);
        }
    }

    /** The subnet written, or empty when the text is not an IPv4 network with its host bits clear. */
    public static Optional<Ipv4Subnet> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = CIDR.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<Long> address = address(m.group(1), m.group(2), m.group(3), m.group(4));
        int prefix = Integer.parseInt(m.group(5));
        if (address.isEmpty() || prefix > 32 || (address.get() & ~mask(prefix)) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Ipv4Subnet(address.get(), prefix));
    }

    /** A plain IPv4 address such as {@code 172.28.0.1}, as a number; empty when the text is not one. */
    public static Optional<Long> address(String text) {
        Matcher m = text == null ? null : ADDRESS.matcher(text.strip());
        return m == null || !m.matches() ? Optional.empty() : address(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    private static Optional<Long> address(String... octets) {
        long value = 0;
        for (String octet : octets) {
            int n = Integer.parseInt(octet);
            if (n > 255 || octet.length() > 1 && octet.startsWith("0")) {
                return Optional.empty();
            }
            value = value << 8 | n;
        }
        return Optional.of(value);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public long last() {
        return base + size() - 1;
    }

    public boolean contains(long address) {
        return address >= base && address <= last();
    }

    public boolean contains(Ipv4Subnet other) {
        return contains(other.base) && contains(other.last());
    }

    public boolean overlaps(Ipv4Subnet other) {
        return base <= other.last() && other.base <= last();
    }

    /** How many subnets of the given prefix this one holds; 0 when that prefix is shorter than its own. */
    public long blocks(int blockPrefix) {
        return blockPrefix < prefix ? 0 : 1L << (blockPrefix - prefix);
    }

    /** The index-th subnet of the given prefix inside this one, counting from 0. */
    public Ipv4Subnet block(long index, int blockPrefix) {
        if (index < 0 || index >= blocks(blockPrefix)) {
            throw new IndexOutOfBoundsException("no block " + index + " of /" + blockPrefix + " in " + this);
        }
        return new Ipv4Subnet(base + index * (1L << (32 - blockPrefix)), blockPrefix);
    }

    @Override
    public String toString() {
        return (base >> 24 & 255) + "." + (base >> 16 & 255) + "." + (base >> 8 & 255) + "." + (base & 255) + "/" + prefix;
    }
}
