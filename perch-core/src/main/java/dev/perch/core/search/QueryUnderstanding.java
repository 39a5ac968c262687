package dev.perch.core.search;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the filters a shopper typed: price bounds ("under 50", "over 20", "between 10 and 30",
 * "10-30") and the category, brand, colour and size words the catalog itself uses (longest phrase
 * first, a plural matching its singular). "red running shoes under 50" becomes colour red, category
 * running shoes, at most 50. The words stay in the search text (they still help ranking); the price
 * phrase leaves it.
 */
public final class QueryUnderstanding {
    private static final int MAX_PHRASE_WORDS = 4;
    private static final String NUMBER =
            "[$€£]?\\s*(\\d+(?:[.,]\\d+)?)\\s*(?:[$€£]|eur|euros?|usd|dollars?)?";
    private static final Pattern BETWEEN =
            Pattern.compile("\\b(?:between|from)\\s+" + NUMBER + "\\s+(?:and|to)\\s+" + NUMBER);
    private static final Pattern RANGE =
            Pattern.compile("(?<![\\w.])" + NUMBER + "\\s*-\\s*" + NUMBER);
    private static final Pattern UNDER =
            Pattern.compile(
                    "\\b(?:under|below|less than|cheaper than|at most|max|up to|<)\\s*" + NUMBER);
    private static final Pattern OVER =
            Pattern.compile("\\b(?:over|above|more than|at least|min|from|>)\\s*" + NUMBER);

    private final Vocabulary vocabulary;

    public QueryUnderstanding(Vocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    }

    /** The filters and search text of {@code query} (checked by {@link QueryCheck} first). */
    public UnderstoodQuery understand(String query) {
        String text = query.toLowerCase(Locale.ROOT).trim();
        Double min = null;
        Double max = null;
        Matcher between = BETWEEN.matcher(text);
        Matcher range = RANGE.matcher(text);
        if (between.find()) {
            min = number(between.group(1));
            max = number(between.group(2));
            text = cut(text, between);
        } else if (range.find()) {
            min = number(range.group(1));
            max = number(range.group(2));
            text = cut(text, range);
        } else {
            Matcher under = UNDER.matcher(text);
            if (under.find()) {
                max = number(under.group(1));
                text = cut(text, under);
            }
            Matcher over = OVER.matcher(text);
            if (over.find()) {
                min = number(over.group(1));
                text = cut(text, over);
            }
        }
        if (min != null && max != null && min > max) {
            Double swap = min;
            min = max;
            max = swap;
        }
        Map<Vocabulary.Facet, String> found = facets(words(text));
        return new UnderstoodQuery(
                text.replaceAll("\\s+", " ").trim(),
                found.get(Vocabulary.Facet.CATEGORY),
                found.get(Vocabulary.Facet.BRAND),
                found.get(Vocabulary.Facet.COLOUR),
                found.get(Vocabulary.Facet.SIZE),
                min,
                max);
    }

    /** Longest catalog phrases first; each word is used by one facet at most. */
    private Map<Vocabulary.Facet, String> facets(List<String> words) {
        Map<Vocabulary.Facet, String> found = new EnumMap<>(Vocabulary.Facet.class);
        boolean[] used = new boolean[words.size()];
        for (int length = Math.min(MAX_PHRASE_WORDS, words.size()); length >= 1; length--) {
            for (int start = 0; start + length <= words.size(); start++) {
                if (anyUsed(used, start, length)) {
                    continue;
                }
                String phrase = String.join(" ", words.subList(start, start + length));
                for (Vocabulary.Facet facet : Vocabulary.Facet.values()) {
                    if (found.containsKey(facet)) {
                        continue;
                    }
                    String value = match(facet, phrase);
                    if (value != null) {
                        found.put(facet, value);
                        for (int i = start; i < start + length; i++) {
                            used[i] = true;
                        }
                        break;
                    }
                }
            }
        }
        return found;
    }

    private String match(Vocabulary.Facet facet, String phrase) {
        var values = vocabulary.values(facet);
        if (values.contains(phrase)) {
            return phrase;
        }
        if (phrase.length() > 3 && phrase.endsWith("s")) {
            String singular = phrase.substring(0, phrase.length() - 1);
            if (values.contains(singular)) {
                return singular;
            }
        }
        if (values.contains(phrase + "s")) {
            return phrase + "s";
        }
        return null;
    }

    private static boolean anyUsed(boolean[] used, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (used[i]) {
                return true;
            }
        }
        return false;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split("[^\\p{L}\\p{N}'&+-]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static String cut(String text, Matcher m) {
        return (text.substring(0, m.start()) + " " + text.substring(m.end())).trim();
    }

    private static Double number(String text) {
        return Double.valueOf(text.replace(',', '.'));
    }
}
