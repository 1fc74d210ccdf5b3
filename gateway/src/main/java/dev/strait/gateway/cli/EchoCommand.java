package dev.strait.gateway.cli;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TlsFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strait echo}: a small backend that describes every request it receives. */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Runs an echo backend (HTTP/1.1, h2c and gRPC) that answers with what it received.")
final class EchoCommand implements Callable<Integer> {
    @Option(names = "--port", required = true, paramLabel = "P", description = "the port (0 for any free one)")
    private int port;

    @Option(names = "--service", required = true, paramLabel = "S", description = "the service it reports")
    private String service;

    @Option(names = "--region", required = true, paramLabel = "R", description = "the region it reports")
    private String region;

    @Option(names = "--endpoint", paramLabel = "ID", description = "the endpoint id it reports (default: SERVICE-PORT)")
    private String endpoint;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "the address to bind (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "certificate chain; enables TLS")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "private key (PKCS#8)")
    private Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "trust bundle for client certificates")
    private Path tlsCa;

    @Option(names = "--mtls", description = "require a client certificate")
    private boolean mtls;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EchoOptions options;
        try {
            options = new EchoOptions(host, port, new ServiceName(service), new RegionName(region),
                    new EndpointId(endpoint != null ? endpoint : service + "-" + port), new EchoOptions.Transport.Plaintext());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null || tlsCa == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "TLS needs --tls-cert, --tls-key and --tls-ca");
            }
            TlsMaterial material = TlsMaterial.load(new TlsFiles(tlsCert, tlsKey, tlsCa));
            options = mtls ? options.withMutualTls(material) : options.withTls(material);
        }
        EchoServer server = EchoServer.start(options);
        spec.commandLine().getOut().printf("strait echo: %s of %s listening on %s%n", service, region, server.uri());
        spec.commandLine().getOut().flush();
        RunCommand.awaitShutdown(server);
        return 0;
    }
}
