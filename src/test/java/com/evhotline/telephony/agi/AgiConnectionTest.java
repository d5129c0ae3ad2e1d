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
