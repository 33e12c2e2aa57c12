package org.takedown.opensearch.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.http.HttpServerTransport;

/**
 * The nodes' JVM ({@link OpenSearchCluster} starts it): {@code n} OpenSearch nodes of one cluster with the
 * plugins named by the system property {@code plugins}. Arguments: base directory, cluster name, node count,
 * first HTTP port, first transport port (node i listens on port + i). Once the cluster is yellow, the HTTP
 * ports are written to {@code <base>/ready} (one per line); the nodes stop when standard input closes (the
 * parent JVM went away) or on SIGTERM.
 */
public final class NodeMain {

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]).toAbsolutePath();
        String clusterName = args[1];
        int nodes = Integer.parseInt(args[2]);
        int httpPort = Integer.parseInt(args[3]);
        int transportPort = Integer.parseInt(args[4]);
        String plugins = System.getProperty("plugins", "");

        StringJoiner seeds = new StringJoiner(",");
        StringJoiner names = new StringJoiner(",");
        for (int i = 0; i < nodes; i++) {
            seeds.add("127.0.0.1:" + (transportPort + i));
            names.add(nodeName(i + 1));
        }
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(65535);
        runner.onBuild((number, settings) -> {
            settings.put("node.name", nodeName(number));
            settings.put("cluster.name", clusterName);
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", Integer.toString(httpPort + number - 1));
            settings.put("transport.port", Integer.toString(transportPort + number - 1));
            settings.put("discovery.seed_hosts", seeds.toString());
            settings.put("cluster.initial_cluster_manager_nodes", names.toString());
            // A test machine's disk may be nearly full: do not let the watermarks stop shard allocation.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("closing the nodes: " + e);
            }
        }, "opensearch-nodes-stop"));
        OpenSearchRunner.Configs configs = OpenSearchRunner.newConfigs().basePath(base.resolve("nodes").toString())
                .clusterName(clusterName).numOfNode(nodes).baseHttpPort(httpPort - 1);
        if (!plugins.isBlank()) {
            configs.pluginTypes(plugins);
        }
        runner.build(configs);
        runner.ensureYellow();

        List<String> ports = new ArrayList<>();
        for (int i = 0; i < runner.getNodeSize(); i++) {
            HttpServerTransport http = runner.getNode(i).injector().getInstance(HttpServerTransport.class);
            ports.add(Integer.toString(http.boundAddress().publishAddress().getPort()));
        }
        Path ready = base.resolve("ready.tmp");
        Files.write(ready, ports, StandardCharsets.UTF_8);
        Files.move(ready, base.resolve("ready"), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("OpenSearch cluster " + clusterName + " ready on HTTP ports " + ports);

        // Until the parent closes our standard input (it stopped, or died).
        while (System.in.read() >= 0) {
            // nothing is ever written to it
        }
        System.exit(0);
    }

    private static String nodeName(int number) {
        return "node-" + number;
    }
}
