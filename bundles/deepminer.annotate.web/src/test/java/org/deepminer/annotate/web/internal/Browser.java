package org.deepminer.annotate.web.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal browser for the servlet tests: it keeps the session cookie as the server sets it, remembers the last
 * page's CSRF token, does not follow redirects, and sends the same-origin headers a browser sends with a form.
 */
final class Browser {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    record Response(int status, String body, byte[] bytes, Map<String, List<String>> headers) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        List<String> headers(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return List.of();
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    String cookie;
    String csrf;
    final List<String> setCookies = new ArrayList<>();

    Browser(String base) {
        this.base = base;
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Posts a form with the last page's CSRF token added. */
    Response post(String path, String... fields) throws IOException, InterruptedException {
        String[] all = new String[fields.length + 2];
        all[0] = "csrf";
        all[1] = csrf == null ? "" : csrf;
        System.arraycopy(fields, 0, all, 2, fields.length);
        return postRaw(path, base, all);
    }

    /** Posts exactly these fields, with this Origin header (null for none). */
    Response postRaw(String path, String origin, String... fields) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return send(b);
    }

    private Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<byte[]> r = http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
        for (String c : r.headers().allValues("set-cookie")) {
            setCookies.add(c);
            String pair = c.split(";", 2)[0];
            cookie = pair.endsWith("=") ? null : pair;
        }
        String body = new String(r.body(), StandardCharsets.UTF_8);
        Matcher m = CSRF.matcher(body);
        if (m.find()) {
            csrf = m.group(1);
        }
        return new Response(r.statusCode(), body, r.body(), r.headers().map());
    }
}
