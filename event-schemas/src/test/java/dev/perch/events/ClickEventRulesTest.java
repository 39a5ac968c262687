package dev.perch.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEventRules.FieldError;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ClickEventRules: what makes a click event usable")
class ClickEventRulesTest {

    @Test
    void givenCompleteEvents_thenNoErrors() {
        assertThat(ClickEventRules.validate(TestRecords.click())).isEmpty();
        assertThat(ClickEventRules.validate(TestRecords.search())).isEmpty();
        assertThat(ClickEventRules.isValid(TestRecords.click())).isTrue();
    }

    @Test
    void givenEventIdNotAUuid_thenRejected() {
        ClickEvent e = TestRecords.click();
        e.setEventId("click-1");

        assertThat(ClickEventRules.validate(e))
                .extracting(FieldError::field)
                .containsExactly("eventId");
    }

    @Test
    void givenBlankOrOverlongUserId_thenRejected() {
        ClickEvent blank = TestRecords.click();
        blank.setUserId("  ");
        ClickEvent longId = TestRecords.click();
        longId.setUserId("u".repeat(ClickEventRules.MAX_ID_LENGTH + 1));
        ClickEvent longest = TestRecords.click();
        longest.setUserId("u".repeat(ClickEventRules.MAX_ID_LENGTH));

        assertThat(ClickEventRules.validate(blank))
                .containsExactly(new FieldError("userId", "is required and must not be blank"));
        assertThat(ClickEventRules.validate(longId))
                .containsExactly(new FieldError("userId", "must be at most 256 characters"));
        assertThat(ClickEventRules.validate(longest)).isEmpty();
    }

    @Test
    void givenViewWithoutItem_thenItemIdRequired() {
        ClickEvent e = TestRecords.click();
        e.setType(EventType.VIEW);
        e.setItemId(null);

        assertThat(ClickEventRules.validate(e))
                .extracting(FieldError::field)
                .containsExactly("itemId");
    }

    @Test
    void givenSearchWithoutQuery_thenQueryRequired_butItemIdIsNot() {
        ClickEvent e = TestRecords.search();
        e.setQuery("");

        assertThat(ClickEventRules.validate(e))
                .extracting(FieldError::field)
                .containsExactly("query");
    }

    @Test
    void givenNonFiniteValue_thenRejected() {
        ClickEvent e = TestRecords.click();
        e.setValue(Double.NaN);
        ClickEvent infinite = TestRecords.click();
        infinite.setValue(Double.POSITIVE_INFINITY);

        assertThat(ClickEventRules.validate(e))
                .extracting(FieldError::field)
                .containsExactly("value");
        assertThat(ClickEventRules.validate(infinite))
                .extracting(FieldError::field)
                .containsExactly("value");
    }

    @Test
    void givenEventTimeAtOrBeforeEpoch_thenRejected() {
        ClickEvent e = TestRecords.click();
        e.setEventTime(Instant.EPOCH);

        assertThat(ClickEventRules.validate(e))
                .extracting(FieldError::field)
                .containsExactly("eventTime");
    }

    @Test
    void givenOverlongContext_thenEachFieldNamedWithItsPath() {
        ClickEvent e = TestRecords.click();
        e.getContext().setPage("/" + "p".repeat(ClickEventRules.MAX_URL_LENGTH));
        e.getContext().setDevice("d".repeat(ClickEventRules.MAX_DEVICE_LENGTH + 1));

        assertThat(ClickEventRules.validate(e))
                .extracting(FieldError::field)
                .containsExactly("context.page", "context.device");
    }

    @Test
    void givenEmptyRecord_thenEveryRequiredFieldReported() {
        assertThat(ClickEventRules.validate(new ClickEvent()))
                .extracting(FieldError::field)
                .containsExactly("eventId", "userId", "type", "itemId", "eventTime");
        assertThat(ClickEventRules.validate(null))
                .extracting(FieldError::field)
                .containsExactly("$");
    }

    @Test
    void everyClickEventFieldHasADocumentedLimit() {
        ClickEvent.getClassSchema().getFields().stream()
                .filter(f -> !f.name().equals("type") && !f.name().equals("context"))
                .forEach(f -> assertThat(ClickEventRules.FIELD_LIMITS).containsKey(f.name()));
        EventContext.getClassSchema()
                .getFields()
                .forEach(f -> assertThat(ClickEventRules.FIELD_LIMITS).containsKey(f.name()));
    }
}
