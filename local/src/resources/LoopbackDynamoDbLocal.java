// Starts DynamoDB Local listening on 127.0.0.1 only. DynamoDBLocal.jar has no option for the
// address: its Jetty server takes every interface, so anyone on the network could read and write
// the developer's tables. This launcher builds the server exactly as `java -jar DynamoDBLocal.jar`
// does (same arguments), points its one connector at the loopback address, and only then starts
// it; it refuses to start at all if the connector is not there to rebind.
//
// Run as a single-file source program (java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* this file
// <DynamoDB Local arguments>), so nothing is compiled ahead or kept in the tree.
import java.lang.reflect.Field;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  private static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    Connector[] connectors = jetty.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind to " + HOST);
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException("cannot bind " + connector.getClass().getName() + " to " + HOST);
      }
      ((ServerConnector) connector).setHost(HOST);
    }
    proxy.start();
    System.out.println("DynamoDB Local listening on " + HOST);
  }
}
