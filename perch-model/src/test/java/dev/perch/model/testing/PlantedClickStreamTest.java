package dev.perch.model.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import java.util.Comparator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The planted click-stream")
class PlantedClickStreamTest {
    @Test
    @DisplayName("is the same for the same seed, sorted by time, with the planted affinity")
    void planted() {
        PlantedClickStream a = PlantedClickStream.generate(1);
        PlantedClickStream b = PlantedClickStream.generate(1);
        PlantedClickStream.Spec spec = PlantedClickStream.Spec.DEFAULTS;
        assertThat(a.events()).isEqualTo(b.events());
        assertThat(a.items()).hasSize(spec.categories() * spec.itemsPerCategory());
        assertThat(a.events())
                .hasSize(spec.users() * spec.sessionsPerUser() * spec.clicksPerSession());
        assertThat(a.events()).isSortedAccordingTo(Comparator.comparing(ClickEvent::getEventTime));
        long onFavourite =
                a.events().stream()
                        .filter(
                                e ->
                                        PlantedClickStream.categoryOf(e.getItemId().toString())
                                                .equals(
                                                        a.favouriteCategory()
                                                                .get(e.getUserId().toString())))
                        .count();
        double share = (double) onFavourite / a.events().size();
        assertThat(share).isBetween(0.88, 0.96);
        assertThat(a.items().get(0).getCategoryPath()).containsExactly("cat-0");
    }
}
