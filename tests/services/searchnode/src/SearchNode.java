import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node on 127.0.0.1 with its plugins on the classpath.
 *
 * <p>Usage: {@code java SearchNode HOME_DIR HTTP_PORT}. Node's constructor that takes
 * classpath plugins is protected, hence the subclass. The node's threads are daemons, so
 * main blocks until the process is signalled; the shutdown hook closes the node cleanly.
 */
public final class SearchNode extends Node {
    private static final List<Class<? extends Plugin>> PLUGINS =
        List.of(
            Netty4Plugin.class,
            CommonAnalysisPlugin.class,
            MapperExtrasPlugin.class,
            PainlessPlugin.class);

    private SearchNode(Settings settings, Collection<Class<? extends Plugin>> plugins) {
        super(
            InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "node-1"),
            plugins,
            true);
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "cholang-test")
            .put("node.name", "node-1")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", Integer.parseInt(args[1]))
            .put("transport.port", 0)
            // Test machines have full disks more often than clusters do.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", true)
            .build();
        Node node = new SearchNode(settings, PLUGINS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception ignored) {
                // Shutting down anyway.
            }
        }));
        node.start();
        Thread.currentThread().join();
    }
}
