package com.evhotline.support.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake client against a tiny hand-written FastAGI server: the exact environment block and Asterisk's answers. */
class FakeAgiClientTest {

    private static final List<String> ENV_KEYS = List.of("agi_network", "agi_network_script", "agi_request",
            "agi_channel", "agi_language", "agi_type", "agi_uniqueid", "agi_version", "agi_callerid",
            "agi_calleridname", "agi_callingpres", "agi_callingani2", "agi_callington", "agi_callingtns", "agi_dnid",
            "agi_rdnis", "agi_context", "agi_extension", "agi_priority", "agi_enhanced", "agi_accountcode",
            "agi_threadid");

    private TinyServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TinyServer();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void sendsTheEnvironmentAsAsteriskDoesAndRecordsWhatTheServerSets() throws Exception {
        CompletableFuture<List<String>> seen = server.serveOne(c -> {
            List<String> log = new ArrayList<>();
            log.add(c.readEnvironment());
            log.add(c.send("GET VARIABLE CHANNEL(linkedid)"));
            log.add(c.send("SET VARIABLE HOTLINE_ROUTE QUEUE"));
            log.add(c.send("SET VARIABLE HOTLINE_FORWARD_1 \"+8613700000001\""));
            return log;
        });

        AgiResult result = FakeAgiClient.call().linkedId("1795796935.0").run("127.0.0.1", server.port());

        List<String> log = seen.get(5, TimeUnit.SECONDS);
        String env = log.get(0);
        assertTrue(env.endsWith("agi_threadid: 140149214234304\n\n"), env);
        List<String> lines = List.of(env.substring(0, env.length() - 2).split("\n", -1));
        assertEquals(ENV_KEYS, lines.stream().map(l -> l.substring(0, l.indexOf(": "))).toList());
        assertTrue(lines.contains("agi_request: agi://127.0.0.1:" + server.port() + "/hotline"));
        assertTrue(lines.containsAll(List.of("agi_network: yes", "agi_network_script: hotline",
                "agi_channel: PJSIP/trunk-00000001", "agi_type: PJSIP", "agi_uniqueid: 1795796935.0",
                "agi_version: 22.10.1", "agi_callerid: +8613800001001", "agi_calleridname: unknown",
                "agi_context: hotline-in", "agi_extension: 4008001234", "agi_accountcode: ")), env);
        assertEquals(List.of("200 result=1 (1795796935.0)", "200 result=1", "200 result=1"), log.subList(1, 4));

        assertEquals(List.of("HOTLINE_ROUTE", "HOTLINE_FORWARD_1"), List.copyOf(result.variables().keySet()));
        assertEquals("+8613700000001", result.variables().get("HOTLINE_FORWARD_1"));
        assertEquals(List.of("GET VARIABLE CHANNEL(linkedid)", "SET VARIABLE HOTLINE_ROUTE QUEUE",
                "SET VARIABLE HOTLINE_FORWARD_1 \"+8613700000001\""), result.commands());
        assertTrue(result.closedByServer());
        assertNull(result.error());
    }

    @Test
    void answersEachCommandAsResAgiDoes() throws Exception {
        Map<String, String> script = new LinkedHashMap<>();
        script.put("GET VARIABLE HOTLINE_ROUTE", "200 result=0");
        script.put("set variable \"NOTE\" \"say \\\"hi\\\" a\\\\b\"", "200 result=1");
        script.put("GET VARIABLE NOTE", "200 result=1 (say \"hi\" a\\b)");
        script.put("GET VARIABLE channel(LinkedID)", "200 result=1 (L-7)");
        script.put("GET VARIABLE CHANNEL(uniqueid)", "200 result=1 (U-7)");
        script.put("GET FULL VARIABLE ${NOTE}/${CHANNEL(linkedid)}/${NOPE}", "200 result=1 (say \"hi\" a\\b/L-7/)");
        script.put("SET VARIABLE EMPTY \"\"", "200 result=1");
        script.put("GET VARIABLE EMPTY", "200 result=1 ()");
        script.put("VERBOSE \"routing\" 1", "200 result=1");
        script.put("ANSWER", "200 result=0");
        script.put("NOOP", "200 result=0");
        script.put("MAKE COFFEE \"now\"", "510 Invalid or unknown command");
        script.put("SET VARIABLE ONLY_A_NAME", "520-Invalid command syntax.  Proper usage follows:\n"
                + "Usage: SET VARIABLE variablename value\n520 End of proper usage.");
        script.put("HANGUP", "200 result=1");
        CompletableFuture<List<String>> seen = server.serveOne(c -> {
            c.readEnvironment();
            List<String> replies = new ArrayList<>();
            for (String command : script.keySet()) {
                replies.add(c.send(command));
            }
            replies.add(c.readToEnd());
            return replies;
        });

        AgiResult result = FakeAgiClient.call().linkedId("L-7").uniqueId("U-7").run("127.0.0.1", server.port());

        List<String> replies = seen.get(5, TimeUnit.SECONDS);
        assertEquals(List.copyOf(script.values()), replies.subList(0, script.size()));
        assertEquals("", replies.get(script.size()), "after HANGUP the client closes without more");
        assertEquals(Map.of("NOTE", "say \"hi\" a\\b", "EMPTY", ""), result.variables());
        assertEquals(List.copyOf(script.keySet()), result.commands());
        assertFalse(result.closedByServer(), "the client hung up, not the server");
        assertNull(result.error());
    }

    /** {@code AGI(agi://…/hotline,a,b)}: the arguments follow Asterisk's own lines as agi_arg_1, agi_arg_2 (res_agi's setup_env). */
    @Test
    void sendsTheDialplansArgumentsLastAsAsteriskDoes() throws Exception {
        CompletableFuture<List<String>> seen = server.serveOne(c -> List.of(c.readEnvironment()));

        FakeAgiClient.call().linkedId("1795796935.0").linkedIdAsArgument().argument("second one").run("127.0.0.1",
                server.port());

        String env = seen.get(5, TimeUnit.SECONDS).get(0);
        assertTrue(env.endsWith("agi_threadid: 140149214234304\nagi_arg_1: 1795796935.0\nagi_arg_2: second one\n\n"), env);
    }

    @Test
    void aWithheldNumberFromAnotherAddress() throws Exception {
        CompletableFuture<List<String>> seen = server.serveOne(c -> List.of(c.remoteAddress(), c.readEnvironment()));

        AgiResult result = FakeAgiClient.call().linkedId("1.0").withheldCallerId().localAddress("127.0.0.2")
                .run("127.0.0.1", server.port());

        List<String> log = seen.get(5, TimeUnit.SECONDS);
        assertEquals("127.0.0.2", log.get(0));
        assertTrue(log.get(1).contains("\nagi_callerid: unknown\nagi_calleridname: unknown\n"), log.get(1));
        assertTrue(result.closedByServer());
        assertEquals(Map.of(), result.variables());
    }

    @Test
    void aServerThatNeverClosesCostsTheTimeoutAndNoMore() throws Exception {
        server.serveOne(c -> {
            c.readEnvironment();
            server.holdUntilClosed(); // says nothing and keeps the connection until the test is over
            return null;
        });

        AgiResult result = FakeAgiClient.call().linkedId("1.0").timeout(Duration.ofMillis(300))
                .run("127.0.0.1", server.port());

        assertEquals("timeout", result.error());
        assertFalse(result.closedByServer());
        assertTrue(result.elapsed().compareTo(Duration.ofMillis(290)) >= 0, result.elapsed().toString());
        assertTrue(result.elapsed().compareTo(Duration.ofMillis(1500)) < 0, result.elapsed().toString());
    }

    @Test
    void noServerIsAnErrorNotAnException() throws IOException {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        AgiResult result = FakeAgiClient.call().linkedId("1.0").run("127.0.0.1", port);
        assertEquals("connection refused", result.error());
        assertFalse(result.closedByServer());
    }

    @Test
    void aStalledRequestStaysOpenUntilTheServerGivesUp() throws Exception {
        CompletableFuture<List<String>> seen = server.serveOne(c -> List.of(c.readFor(Duration.ofMillis(300))));
        String partial = String.join("\n", FakeAgiClient.call().linkedId("1.0").build()
                .environment("127.0.0.1", server.port()).subList(0, 3)) + "\n";

        try (StalledRequest stalled = FakeAgiClient.stall("127.0.0.1", server.port(), partial)) {
            assertFalse(stalled.closedByServer());
            assertTrue(stalled.awaitClosedByServer(Duration.ofSeconds(3)));
            assertTrue(stalled.closedByServer());
        }
        assertEquals(List.of(partial), seen.get(5, TimeUnit.SECONDS));
    }

    @Test
    void rawBytesAndWhateverComesBack() throws Exception {
        server.serveOne(c -> {
            c.readFor(Duration.ofMillis(100));
            c.write("what?\n");
            return null;
        });

        RawExchange answered = FakeAgiClient.raw("127.0.0.1", server.port(),
                new byte[] {0, (byte) 0xff, 'G', 'E', 'T', ' ', '/', '\r', '\n'}, Duration.ofSeconds(3));

        assertEquals("what?\n", answered.received());
        assertTrue(answered.closedByServer());
        assertNull(answered.error());
    }

    @Test
    void rawStopsAtItsTimeoutWhenTheServerSaysNothing() throws Exception {
        server.serveOne(c -> {
            server.holdUntilClosed(); // says nothing and keeps the connection until the test is over
            return null;
        });

        RawExchange ignored = FakeAgiClient.raw("127.0.0.1", server.port(), "junk".getBytes(StandardCharsets.UTF_8),
                Duration.ofMillis(200));

        assertEquals("", ignored.received());
        assertFalse(ignored.closedByServer());
        assertEquals("timeout", ignored.error());
    }

    @Test
    void argsSplitAsParseArgsDoes() {
        assertEquals(List.of("SET", "VARIABLE", "A B", ""), AgiArgs.parse("SET  VARIABLE \"A B\" \"\""));
        assertEquals(List.of("x\"y", "a b", "c\\"), AgiArgs.parse("x\\\"y a\\ b c\\\\"));
        assertEquals(List.of("ab"), AgiArgs.parse("a\"b\""));
    }

    /** One-connection-at-a-time FastAGI server whose behaviour each test writes inline. */
    private static final class TinyServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        TinyServer() throws IOException {
        }

        int port() {
            return socket.getLocalPort();
        }

        <T> CompletableFuture<T> serveOne(Handler<T> handler) {
            return CompletableFuture.supplyAsync(() -> {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(5_000);
                    return handler.handle(new Connection(s));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, task -> {
                Thread thread = new Thread(task, "tiny-agi-server");
                thread.setDaemon(true);
                thread.start();
            });
        }

        /** Holds a connection open, silent, until the server is closed (bounded, should a test forget to). */
        void holdUntilClosed() throws InterruptedException {
            closed.await(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            closed.countDown();
            socket.close();
        }
    }

    private interface Handler<T> {
        T handle(Connection c) throws Exception;
    }

    /** The server's end of one connection, reading byte by byte so nothing is consumed ahead. */
    private record Connection(Socket socket) {

        String remoteAddress() {
            return socket.getInetAddress().getHostAddress();
        }

        /** Everything up to and including the empty line. */
        String readEnvironment() throws IOException {
            StringBuilder env = new StringBuilder();
            while (!env.toString().endsWith("\n\n")) {
                String line = readLine();
                if (line == null) {
                    throw new IOException("end of stream inside the environment: " + env);
                }
                env.append(line).append('\n');
            }
            return env.toString();
        }

        /** Sends one command and returns its reply (a 520 reply up to its closing line) without the last newline. */
        String send(String command) throws IOException {
            write(command + "\n");
            StringBuilder reply = new StringBuilder(readLine());
            if (reply.toString().startsWith("520-")) {
                String line;
                do {
                    line = readLine();
                    reply.append('\n').append(line);
                } while (!line.startsWith("520 "));
            }
            return reply.toString();
        }

        void write(String text) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String readToEnd() throws IOException {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        /** What arrives within {@code wait}; the connection is then closed by the caller. */
        String readFor(Duration wait) throws IOException {
            socket.setSoTimeout((int) wait.toMillis());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    bytes.write(b);
                }
            } catch (SocketTimeoutException e) {
                // the peer went quiet: give up on it
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8);
        }
    }
}
