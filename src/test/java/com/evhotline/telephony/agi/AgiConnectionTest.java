package com.evhotline.telephony.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The FastAGI connection's line reading and writing, over a real socket. */
class AgiConnectionTest {

    ServerSocket listener;
    Socket pbx;
    AgiConnection conn;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        pbx = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        conn = new AgiConnection(listener.accept(), 2000, () -> { });
    }

    @AfterEach
    void close() throws IOException {
        conn.close();
        pbx.close();
        listener.close();
    }

    void send(String s) throws IOException {
        OutputStream out = pbx.getOutputStream();
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void linesEndWithLfOrCrLfAndAnEmptyLineEndsTheRequest() throws IOException {
        send("agi_network: yes\nagi_request: agi://127.0.0.1/hotline\r\n\n200 result=1 (13800000000)\r\n");
        assertEquals("agi_network: yes", conn.readLine());
        assertEquals("agi_request: agi://127.0.0.1/hotline", conn.readLine());
        assertEquals("", conn.readLine());
        assertEquals("200 result=1 (13800000000)", conn.readLine());
    }

    @Test
    void utf8TextAcrossTheReadBuffer() throws IOException {
        String name = "售后".repeat(300); // 1,800 bytes: crosses the 512-byte buffer several times
        send("agi_calleridname: " + name + "\n");
        assertEquals("agi_calleridname: " + name, conn.readLine());
    }

    @Test
    void aLineOverTheLimitFailsTheRead() throws IOException {
        send("agi_x: " + "x".repeat(AgiConnection.MAX_LINE) + "\n");
        IOException e = assertThrows(IOException.class, conn::readLine);
        assertTrue(e.getMessage().contains("longer than 8192 bytes"), e.getMessage());
    }

    @Test
    void theLastLineWithoutItsEndThenNoMore() throws IOException {
        send("agi_network: yes\nagi_chan");
        pbx.shutdownOutput();
        assertEquals("agi_network: yes", conn.readLine());
        assertEquals("agi_chan", conn.readLine());
        assertEquals(null, conn.readLine(), "then the end, as Asterisk-Java's own connection says it");
    }

    @Test
    void aStalledPeerTimesOut() throws IOException {
        try (ServerSocket l = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket silent = new Socket(InetAddress.getLoopbackAddress(), l.getLocalPort())) {
            AgiConnection c = new AgiConnection(l.accept(), 100, () -> { });
            silent.getOutputStream().write("agi_network: ye".getBytes(StandardCharsets.UTF_8)); // and nothing more
            assertThrows(SocketTimeoutException.class, c::readLine);
            c.close();
        }
    }

    @Test
    void anAnswerDribbledByteByByteIsCutOffAtTheCommandsDeadline() throws Exception {
        try (ServerSocket l = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket peer = new Socket(InetAddress.getLoopbackAddress(), l.getLocalPort())) {
            AgiConnection c = new AgiConnection(l.accept(), 300, () -> { });
            peer.getOutputStream().write("agi_network: yes\n\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("agi_network: yes", c.readLine());
            assertEquals("", c.readLine());
            c.write("GET VARIABLE \"X\"\n");
            c.flush();
            Thread drip = new Thread(() -> {
                try {
                    for (int i = 0; i < 100; i++) { // a byte every 50 ms: each read is quick, the answer never ends
                        peer.getOutputStream().write('2');
                        Thread.sleep(50);
                    }
                } catch (Exception dropped) {
                    // the connection was cut
                }
            });
            drip.setDaemon(true);
            drip.start();
            long t0 = System.nanoTime();
            assertThrows(IOException.class, c::readLine);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 1_000, "cut off at the 300 ms deadline, not per read: after " + ms + " ms");
            c.close();
            drip.interrupt();
        }
    }

    @Test
    void anAnswerOfEndlessLinesIsRefused() throws Exception {
        try (ServerSocket l = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket peer = new Socket(InetAddress.getLoopbackAddress(), l.getLocalPort())) {
            AgiConnection c = new AgiConnection(l.accept(), 2_000, () -> { });
            peer.getOutputStream().write(("agi_network: yes\n\n" + "520-Invalid command syntax.\n".repeat(200))
                    .getBytes(StandardCharsets.UTF_8));
            c.readLine();
            c.readLine();
            c.flush();
            IOException refused = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 200; i++) {
                    c.readLine();
                }
            });
            assertTrue(refused.getMessage().contains("64 lines"), refused.getMessage());
            c.close();
        }
    }

    @Test
    void commandsReachThePeerOnFlush() throws IOException {
        conn.write("SET VARIABLE \"HOTLINE_TICKET\" \"20450501-0001\"\n");
        conn.flush();
        InputStream in = pbx.getInputStream();
        byte[] got = new byte[64];
        int n = in.read(got);
        assertEquals("SET VARIABLE \"HOTLINE_TICKET\" \"20450501-0001\"\n", new String(got, 0, n, StandardCharsets.UTF_8));
        assertEquals(pbx.getLocalPort(), conn.getRemotePort());
        assertTrue(conn.isConnected());
    }
}
