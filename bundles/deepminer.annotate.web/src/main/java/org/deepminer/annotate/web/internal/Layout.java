package org.deepminer.annotate.web.internal;

import static org.deepminer.annotate.web.internal.Html.attr;
import static org.deepminer.annotate.web.internal.Html.text;

/**
 * The frame of every page: head with the bundle's own style sheet and script (no inline code: the content
 * security policy forbids it), the top bar with the run trail and the account menu.
 */
final class Layout {
    private Layout() {}

    static final String BASE = "/annotate";

    /**
     * Who is looking: the account (null on the sign-in and set-up pages) and the token its forms carry.
     */
    record Viewer(String user, boolean admin, String csrf) {
        boolean signedIn() {
            return user != null;
        }
    }

    /** A link in the trail after the brand: label and href (null for the current page). */
    record Crumb(String label, String href) {}

    static String page(Viewer viewer, String title, String bodyClass, String main, Crumb... trail) {
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(text(title)).append(" · DeepMiner annotation</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(BASE).append("/static/app.css\">\n")
                .append("<link rel=\"icon\" type=\"image/svg+xml\" href=\"").append(BASE).append("/static/icon.svg\">\n")
                .append("<script src=\"").append(BASE).append("/static/app.js\" defer></script>\n")
                .append("</head>\n<body class=\"").append(attr(bodyClass)).append("\">\n");
        b.append("<header class=\"topbar\">\n<a class=\"brand\" href=\"").append(BASE).append("/\">")
                .append("<span class=\"mark\" aria-hidden=\"true\"></span>DeepMiner <span class=\"product\">Unit annotation</span></a>\n");
        if (trail.length > 0) {
            b.append("<nav class=\"trail\" aria-label=\"You are here\">");
            for (Crumb c : trail) {
                b.append("<span class=\"sep\" aria-hidden=\"true\">/</span>");
                if (c.href() == null) {
                    b.append("<span aria-current=\"page\">").append(text(c.label())).append("</span>");
                } else {
                    b.append("<a href=\"").append(attr(c.href())).append("\">").append(text(c.label())).append("</a>");
                }
            }
            b.append("</nav>\n");
        }
        if (viewer != null && viewer.signedIn()) {
            b.append("<div class=\"account\"><span class=\"who\" title=\"Signed in\">").append(text(viewer.user()))
                    .append(viewer.admin() ? " <span class=\"role\">admin</span>" : "").append("</span>");
            if (viewer.admin()) {
                b.append("<a href=\"").append(BASE).append("/admin/accounts\">Accounts</a>");
            }
            b.append("<a href=\"").append(BASE).append("/account\">Password</a>");
            b.append("<form method=\"post\" action=\"").append(BASE).append("/logout\" class=\"inline\">")
                    .append(csrfField(viewer)).append("<button type=\"submit\" class=\"link\">Sign out</button></form>");
            b.append("</div>\n");
        }
        b.append("</header>\n<main id=\"main\">\n").append(main).append("\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    static String csrfField(Viewer viewer) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + attr(viewer.csrf()) + "\">";
    }

    /** A message box: {@code kind} is {@code error}, {@code ok} or {@code note}. */
    static String notice(String kind, String message) {
        return "<div class=\"notice " + attr(kind) + "\" role=\"" + ("error".equals(kind) ? "alert" : "status") + "\">"
                + text(message) + "</div>";
    }
}
