package tokyo.seisei.operator.source;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean" for misspelt field names. */
final class Suggestions {

    private Suggestions() {
    }

    static Optional<String> closest(String wrong, Collection<String> valid) {
        return valid.stream()
                .min(Comparator.comparingInt(candidate -> distance(wrong.toLowerCase(), candidate.toLowerCase())))
                .filter(best -> distance(wrong.toLowerCase(), best.toLowerCase()) <= Math.max(2, wrong.length() / 3));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
