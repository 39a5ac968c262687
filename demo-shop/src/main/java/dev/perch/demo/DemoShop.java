package dev.perch.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perch.collector.CollectorServer;
import dev.perch.events.Item;
import io.javalin.http.staticfiles.Location;
import java.time.Instant;

/**
 * The demo shop as a {@link CollectorServer.Site}: its storefront pages ({@code index.html}, {@code
 * app.js}, {@code style.css}), its catalog on {@code GET /v1/catalog}, and its own back end that
 * mints the shown shopper's read token ({@link DemoTokens}, only when the collector checks user
 * tokens). Mounted on the collector's origin, as a shop in development would be, so that the page,
 * the tracker, the events and the read cookie share one origin; a production collector runs without
 * it.
 */
public final class DemoShop {
    /** Where the storefront's pages are on the class path. */
    static final String PAGES = "/demo-public";

    /** Where the page reads the demo catalog. */
    public static final String CATALOG_PATH = "/v1/catalog";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DemoShop() {}

    /** The demo shop's pages, catalog and token back end. */
    public static CollectorServer.Site site() {
        String catalog = catalogJson();
        return (javalin, access, clock) -> {
            javalin.staticFiles.add(PAGES, Location.CLASSPATH);
            javalin.routes.get(
                    CATALOG_PATH, ctx -> ctx.contentType("application/json").result(catalog));
            if (access.reads().tokens().enabled()) {
                javalin.routes.post(
                        DemoTokens.PATH, new DemoTokens(access.reads().tokens(), clock));
            }
        };
    }

    /** The demo catalog as the page shows it: id, title, category, brand, price, availability. */
    static String catalogJson() {
        ArrayNode items = MAPPER.createArrayNode();
        for (Item item : DemoCatalog.items(Instant.EPOCH)) {
            ObjectNode node = items.addObject();
            node.put("itemId", item.getItemId());
            node.put("title", item.getTitle());
            node.put("category", item.getCategoryPath().get(0));
            node.put("subcategory", item.getCategoryPath().get(1));
            node.put("brand", item.getBrand());
            node.put("price", item.getPrice());
            node.put("available", item.getAvailable());
        }
        return items.toString();
    }
}
