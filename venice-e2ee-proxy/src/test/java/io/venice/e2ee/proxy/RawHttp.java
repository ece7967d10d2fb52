package io.venice.e2ee.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what a library client hides: reading nothing at all (a stalled reader), hanging up
 * half-way, and the trailers of a chunked answer.
 */
final class RawHttp implements AutoCloseable {
    final Socket socket;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /**
     * Sends a POST with a JSON body.
     *
     * @param receiveBuffer the socket's receive buffer, set before connecting (0: the system's)
     */
    static RawHttp post(int port, String path, String json, int receiveBuffer, String... headers) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(60_000);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return new RawHttp(s);
    }

    /** A response read to its end: status, headers (lower-case names), body, trailers. */
    record Response(int status, Map<String, String> headers, String body, Map<String, String> trailers) {
    }

    /** Reads some bytes (at least one) of whatever comes first. */
    byte[] readSome() throws IOException {
        byte[] buf = new byte[256];
        int n = in.read(buf);
        if (n < 0) {
            throw new IOException("the connection closed");
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    /** Reads the whole response: a chunked body is decoded, its trailers kept. */
    Response read() throws IOException {
        String status = line();
        Map<String, String> headers = fields();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> trailers = Map.of();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                if (size == 0) {
                    trailers = fields();
                    break;
                }
                body.write(in.readNBytes(size));
                line();
            }
        } else {
            body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8),
                trailers);
    }

    private Map<String, String> fields() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            out.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return out;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed in the middle of a line");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
