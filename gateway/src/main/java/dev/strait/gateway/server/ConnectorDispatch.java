package dev.strait.gateway.server;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/** Sends admin-connector requests to the admin API and everything else to the call pipeline. */
final class ConnectorDispatch extends Handler.Abstract {
    private final Connector adminConnector;
    private final Handler admin;
    private final Handler calls;

    ConnectorDispatch(Connector adminConnector, Handler admin, Handler calls) {
        this.adminConnector = adminConnector;
        this.admin = admin;
        this.calls = calls;
        addBean(admin);
        addBean(calls);
    }

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        admin.setServer(server);
        calls.setServer(server);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler target = request.getConnectionMetaData().getConnector() == adminConnector ? admin : calls;
        return target.handle(request, response, callback);
    }
}
