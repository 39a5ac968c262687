package dev.perch.events.files;

import dev.perch.events.EventType;

/**
 * RetailRocket's {@code events.csv}: {@code timestamp,visitorid,event,itemid,transactionid} with
 * the time in epoch milliseconds and event {@code view}, {@code addtocart} or {@code transaction}
 * (VIEW, ADD_TO_CART, PURCHASE). The visitor is the user; the transaction id is not kept.
 */
public final class RetailRocketFormat implements ClickStreamFormat {
    /** The name on the command line. */
    public static final String NAME = "retailrocket";

    /** The header line of the original file. */
    public static final String HEADER = "timestamp,visitorid,event,itemid,transactionid";

    private static final String LAYOUT = HEADER;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LineParser newParser() {
        return RetailRocketFormat::parse;
    }

    private static LineResult parse(long lineNumber, String line) {
        if (line.isBlank()) {
            return new LineResult.Skipped("blank line");
        }
        if (line.trim().equalsIgnoreCase(HEADER)) {
            return lineNumber == 1
                    ? new LineResult.Skipped("header")
                    : LineResult.rejected(
                            RejectReason.BAD_HEADER, "header line found at line " + lineNumber);
        }
        try {
            String[] c = Columns.split(line, ",");
            Columns.expectCount(c, 5, LAYOUT);
            long time = Columns.epochMillis("timestamp", c[0]);
            String visitor = Columns.required("visitorid", c[1]);
            EventType type = type(Columns.required("event", c[2]));
            String item = Columns.required("itemid", c[3]);
            return FileEvents.accepted(
                    NAME, lineNumber, line, visitor, null, type, item, null, time);
        } catch (LineRejectedException e) {
            return e.toResult();
        }
    }

    private static EventType type(String event) throws LineRejectedException {
        return switch (event) {
            case "view" -> EventType.VIEW;
            case "addtocart" -> EventType.ADD_TO_CART;
            case "transaction" -> EventType.PURCHASE;
            default ->
                    throw new LineRejectedException(
                            RejectReason.UNKNOWN_EVENT_TYPE,
                            "event must be view, addtocart or transaction, got '" + event + "'");
        };
    }
}
