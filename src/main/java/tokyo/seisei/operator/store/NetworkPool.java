package tokyo.seisei.operator.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import tokyo.seisei.operator.model.Ipv4Subnet;

/**
 * {@code <state-dir>/network-pool.json}: the subnet of each network the operator created for a stack, taken from
 * {@code operator.network.pool} in blocks of /{@value #BLOCK_PREFIX}. A network keeps its subnet for as long as it
 * is recorded, across restarts and when it is made again; a record goes only once the stack's file is gone and
 * none of its networks is left on the engine. The file is replaced atomically, under a file lock that the daemon
 * and a {@code stackctl} beside it share.
 *
 * <p>A /26 holds 62 addresses, more than the containers of one stack's network; a /16 pool holds 1024 of them.
 */
public final class NetworkPool {

    /** The blocks the pool is cut into: {@code /26}. */
    public static final int BLOCK_PREFIX = 26;
    /** {@code operator.network.pool} by default: far from the engine's own pools (172.17-31.0.0/16, 192.168.0.0/16). */
    public static final Ipv4Subnet DEFAULT_POOL = Ipv4Subnet.parse("10.240.0.0/16").orElseThrow();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Map<String, Map<String, String>>>> FORM = new TypeReference<>() {
    };
    private static final String ALLOCATIONS = "allocations";
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** No block of the pool is free: the message names the pool and what to do. */
    public static final class Exhausted extends RuntimeException {
        Exhausted(String message) {
            super(message);
        }
    }

    private final Path file;
    private final Path lockFile;
    private final Ipv4Subnet pool;
    /** The records as the file held them last read: every full pass reads the file. */
    private final ParsedFiles<Map<String, Map<String, String>>> parsed = new ParsedFiles<>(NetworkPool::parse);

    public NetworkPool(StateLayout layout, Ipv4Subnet pool) {
        if (pool.prefix() > BLOCK_PREFIX) {
            throw new IllegalArgumentException("operator.network.pool " + pool + " is smaller than one /" + BLOCK_PREFIX);
        }
        this.file = layout.networkPool();
        this.lockFile = layout.networkPoolLock();
        this.pool = pool;
    }

    public Ipv4Subnet pool() {
        return pool;
    }

    /** The subnet recorded for the stack's network, if it has one. */
    public Optional<Ipv4Subnet> recorded(String stack, String network) {
        return locked(records -> Optional.ofNullable(records.getOrDefault(stack, Map.of()).get(network))
                .flatMap(Ipv4Subnet::parse));
    }

    /**
     * The subnet recorded for the stack's network, or a new one, recorded before it is returned: the first block
     * of the pool that overlaps neither a recorded subnet nor one the engine's networks hold ({@code inUse}, asked
     * only when a new block is needed).
     *
     * @throws Exhausted when no block is free
     */
    public Ipv4Subnet subnetFor(String stack, String network, Supplier<Collection<String>> inUse) {
        return locked(records -> {
            Optional<Ipv4Subnet> known = Optional.ofNullable(records.getOrDefault(stack, Map.of()).get(network))
                    .flatMap(Ipv4Subnet::parse);
            if (known.isPresent()) {
                return known.get();
            }
            return allocate(records, stack, network, inUse.get(), List.of());
        });
    }

    /**
     * Gives the stack's network another subnet than {@code taken}, which the engine refused (a network made
     * outside the operator holds it), and records it.
     */
    public Ipv4Subnet replace(String stack, String network, Ipv4Subnet taken, Collection<String> inUse) {
        return locked(records -> {
            Map<String, String> networks = records.get(stack);
            if (networks != null) {
                networks.remove(network);
            }
            return allocate(records, stack, network, inUse, List.of(taken));
        });
    }

    /**
     * Why the stack's networks that have no subnet yet cannot all get one now, or empty when they can; records
     * nothing. For the preflight, which refuses a deploy before anything is touched.
     */
    public Optional<String> shortage(String stack, List<String> networks, Supplier<Collection<String>> inUse) {
        return locked(records -> {
            List<String> missing = networks.stream()
                    .filter(n -> !records.getOrDefault(stack, Map.of()).containsKey(n)).toList();
            if (missing.isEmpty()) {
                return Optional.empty();
            }
            List<Ipv4Subnet> taken = taken(records, inUse.get(), List.of());
            long free = 0;
            for (long i = 0; i < pool.blocks(BLOCK_PREFIX) && free < missing.size(); i++) {
                Ipv4Subnet block = pool.block(i, BLOCK_PREFIX);
                if (taken.stream().noneMatch(block::overlaps)) {
                    free++;
                }
            }
            return free >= missing.size() ? Optional.empty()
                    : Optional.of(exhausted(records, stack, missing.get((int) free)));
        });
    }

    /** Every record: by stack, the subnet of each of its networks. */
    public Map<String, Map<String, String>> allocations() {
        return locked(records -> records);
    }

    /** The stacks that have subnets recorded, as last written; read without the pool's lock, so only a hint. */
    public Set<String> stacksRecorded() {
        return recorded().map(records -> Set.copyOf(records.keySet())).orElse(Set.of());
    }

    /**
     * Drops the records of every stack that is not in {@code stacks} and none of whose networks is on the engine
     * any more ({@code networksOnEngine}, asked only when a recorded stack is not in {@code stacks}).
     *
     * @return the stacks whose subnets were given back to the pool
     */
    public List<String> releaseGone(Supplier<Set<String>> stacks, Supplier<Set<String>> networksOnEngine) {
        return locked(records -> {
            if (records.isEmpty()) {
                return List.of();
            }
            Set<String> kept = stacks.get();
            List<String> gone = records.keySet().stream().filter(s -> !kept.contains(s)).toList();
            if (gone.isEmpty()) {
                return List.of();
            }
            Set<String> onEngine = networksOnEngine.get();
            List<String> released = new ArrayList<>();
            for (String stack : gone) {
                if (records.get(stack).keySet().stream().noneMatch(onEngine::contains)) {
                    records.remove(stack);
                    released.add(stack);
                }
            }
            if (!released.isEmpty()) {
                write(records);
            }
            return released;
        });
    }

    private Ipv4Subnet allocate(Map<String, Map<String, String>> records, String stack, String network,
                                Collection<String> inUse, List<Ipv4Subnet> refused) {
        List<Ipv4Subnet> taken = taken(records, inUse, refused);
        for (long i = 0; i < pool.blocks(BLOCK_PREFIX); i++) {
            Ipv4Subnet block = pool.block(i, BLOCK_PREFIX);
            if (taken.stream().noneMatch(block::overlaps)) {
                records.computeIfAbsent(stack, s -> new TreeMap<>()).put(network, block.toString());
                write(records);
                return block;
            }
        }
        throw new Exhausted(exhausted(records, stack, network));
    }

    private String exhausted(Map<String, Map<String, String>> records, String stack, String network) {
        long given = records.values().stream().mapToLong(Map::size).sum();
        return "operator.network.pool " + pool + " has no free /" + BLOCK_PREFIX + " left for network " + network
                + " of stack " + stack + " (" + pool.blocks(BLOCK_PREFIX) + " blocks, " + given
                + " given to networks of stacks, the others overlap networks on the engine): remove stacks that are"
                + " gone and their networks, or set a larger operator.network.pool";
    }

    private static List<Ipv4Subnet> taken(Map<String, Map<String, String>> records, Collection<String> inUse,
                                          List<Ipv4Subnet> refused) {
        List<Ipv4Subnet> taken = new ArrayList<>(refused);
        records.values().forEach(networks -> networks.values().forEach(s -> Ipv4Subnet.parse(s).ifPresent(taken::add)));
        inUse.forEach(s -> Ipv4Subnet.parse(s).ifPresent(taken::add)); // IPv6 subnets cannot overlap the pool
        return taken;
    }

    /** Runs the work on the records read under the lock, held by this thread within the process and by the file across processes. */
    private <T> T locked(Function<Map<String, Map<String, String>>, T> work) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(key.getParent());
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return work.apply(read());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    /** A file that cannot be read is reported, never taken as empty: that would give subnets out twice. */
    private Map<String, Map<String, String>> read() {
        return recorded().map(NetworkPool::copy).orElseGet(TreeMap::new);
    }

    /** The records as last written, shared with the cache: not to be changed. */
    private Optional<Map<String, Map<String, String>>> recorded() {
        try {
            return parsed.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the network subnets " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Map<String, String>> parse(Path file) throws IOException {
        Map<String, Map<String, Map<String, String>>> content = JSON.readValue(file.toFile(), FORM);
        Map<String, Map<String, String>> records = new TreeMap<>();
        Map<String, Map<String, String>> allocations = content == null ? null : content.get(ALLOCATIONS);
        if (allocations != null) {
            allocations.forEach((stack, networks) -> records.put(stack, new TreeMap<>(networks == null ? Map.of() : networks)));
        }
        return records;
    }

    /** The records to change, apart from those kept. */
    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> records) {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        records.forEach((stack, networks) -> copy.put(stack, new TreeMap<>(networks)));
        return copy;
    }

    private void write(Map<String, Map<String, String>> records) {
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of(ALLOCATIONS, records)) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
