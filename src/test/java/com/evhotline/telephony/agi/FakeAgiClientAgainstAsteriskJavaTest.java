package com.evhotline.telephony.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.agi.AgiResult;
import com.evhotline.support.agi.FakeAgiClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.util.ServerSocketFacade;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake client against Asterisk-Java's own FastAGI server: if that library understands it, so would a PBX-facing script. */
class FakeAgiClientAgainstAsteriskJavaTest {

    private final AtomicReference<String> linkedId = new AtomicReference<>();
    private final AtomicReference<AgiRequest> request = new AtomicReference<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private DefaultAgiServer server;
    private Thread serverThread;
    private int port;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        AgiScript script = (AgiRequest req, AgiChannel channel) -> {
            request.set(req);
            linkedId.set(channel.getVariable("CHANNEL(linkedid)"));
            channel.setVariable("HOTLINE_ROUTE", "QUEUE");
            channel.setVariable("HOTLINE_NOTE", "say \"hi\" a\\b");
        };
        server = new DefaultAgiServer((req, channel) -> "hotline".equals(req.getScript()) ? script : null) {
            @Override
            protected ServerSocketFacade createServerSocket() throws IOException {
                ServerSocketFacade bound = super.createServerSocket();
                listening.countDown();
                return bound;
            }
        };
        server.setAddress(InetAddress.getByName("127.0.0.1"));
        server.setPort(port);
        serverThread = new Thread(() -> {
            try {
                server.startup();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "asterisk-java-agi");
        serverThread.setDaemon(true);
        serverThread.start();
        assertTrue(listening.await(5, TimeUnit.SECONDS), "Asterisk-Java's AGI server did not bind");
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.shutdown();
        serverThread.join(5_000);
    }

    @Test
    void asteriskJavaReadsTheCallAndSetsVariables() {
        AgiResult result = FakeAgiClient.call().linkedId("1795796935.0").uniqueId("1795796935.1")
                .run("127.0.0.1", port);

        assertNull(result.error());
        assertTrue(result.closedByServer());
        assertEquals("1795796935.0", linkedId.get());
        assertEquals(List.of("HOTLINE_ROUTE", "HOTLINE_NOTE", "AJ_AGISTATUS"), List.copyOf(result.variables().keySet()));
        assertEquals("say \"hi\" a\\b", result.variables().get("HOTLINE_NOTE"));
        assertEquals("SUCCESS", result.variables().get("AJ_AGISTATUS"), "Asterisk-Java reports every script's outcome");
        // Asterisk-Java quotes every argument and escapes \ and " inside them
        assertEquals(List.of("GET VARIABLE \"CHANNEL(linkedid)\"", "SET VARIABLE \"HOTLINE_ROUTE\" \"QUEUE\"",
                "SET VARIABLE \"HOTLINE_NOTE\" \"say \\\"hi\\\" a\\\\b\"",
                "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\""), result.commands());

        AgiRequest req = request.get();
        assertEquals("hotline", req.getScript());
        assertEquals("agi://127.0.0.1:" + port + "/hotline", req.getRequestURL());
        assertEquals("1795796935.1", req.getUniqueId());
        assertEquals("PJSIP/trunk-00000001", req.getChannel());
        assertEquals("+8613800001001", req.getCallerIdNumber());
        assertNull(req.getCallerIdName(), "agi_calleridname: unknown reads as null");
        assertEquals("4008001234", req.getExtension());
        assertEquals("hotline-in", req.getContext());
        assertNull(req.getAccountCode(), "an empty agi_accountcode is dropped");
        assertEquals("127.0.0.1", req.getRemoteAddress().getHostAddress());
    }

    @Test
    void aWithheldNumberReadsAsNullAndTheSourceAddressIsTheBoundOne() {
        AgiResult result = FakeAgiClient.call().linkedId("1795796977.12").withheldCallerId().localAddress("127.0.0.2")
                .run("127.0.0.1", port);

        assertNull(result.error());
        assertTrue(result.closedByServer());
        assertNull(request.get().getCallerIdNumber(), "agi_callerid: unknown reads as null, not \"unknown\"");
        assertEquals("127.0.0.2", request.get().getRemoteAddress().getHostAddress());
        assertEquals("1795796977.12", linkedId.get());
    }

    @Test
    void anUnmappedScriptIsToldToAsteriskAndClosed() {
        AgiResult result = FakeAgiClient.call().linkedId("1.0").script("nope").run("127.0.0.1", port);

        assertNull(result.error());
        assertTrue(result.closedByServer());
        assertEquals(Map.of("AJ_AGISTATUS", "NOT_FOUND"), result.variables());
        assertEquals("SET VARIABLE \"AJ_AGISTATUS\" \"NOT_FOUND\"", result.commands().get(0));
        assertTrue(result.commands().get(1).startsWith("VERBOSE \"No script configured for URL 'agi://127.0.0.1:"),
                result.commands().toString());
    }
}
