package com.evhotline.support.agi;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs one call over a socket: environment block, then command and answer until the server closes. */
final class AgiSession {

    private AgiSession() {
    }

    static AgiResult run(AgiCall call, String host, int port) {
        long started = System.nanoTime();
        Deadline deadline = Deadline.after(call.timeout());
        FakeChannel channel = new FakeChannel(call);
        List<String> commands = new ArrayList<>();
        boolean closed = false;
        String error = null;
        Duration firstCommand = null;
        try (Socket socket = new Socket()) {
            if (call.localAddress() != null) {
                socket.bind(new InetSocketAddress(call.localAddress(), 0));
            }
            socket.connect(new InetSocketAddress(host, port), deadline.remainingMillis());
            OutputStream out = socket.getOutputStream();
            send(out, String.join("\n", call.environment(host, port)) + "\n\n");
            DeadlineInput in = new DeadlineInput(socket, deadline);
            String line;
            while (!channel.hungUp() && (line = in.readLine()) != null) {
                if (firstCommand == null) {
                    firstCommand = Duration.ofNanos(System.nanoTime() - started);
                }
                commands.add(line);
                send(out, channel.answer(line));
            }
            // after HANGUP the client closes (as Asterisk does with AGIEXITONHANGUP); otherwise we read EOF
            closed = !channel.hungUp();
        } catch (IOException e) {
            closed = Sockets.closedByPeer(e);
            error = closed ? null : Sockets.describe(e);
        }
        return new AgiResult(channel.variables(), List.copyOf(commands), closed,
                Duration.ofNanos(System.nanoTime() - started), firstCommand, error);
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
