package tokyo.seisei.operator.engine.steps;

/** The steps of a deploy, as the events journal, the deploy journal, the log and the metrics name them. */
public enum StepName {
    DIGEST_CHECK("DigestCheck"),
    PREFLIGHT("Preflight"),
    PULL("Pull"),
    BACKUP("Backup"),
    PREPARE("Prepare"),
    RECREATE("Recreate"),
    SMOKE("Smoke");

    private final String label;

    StepName(String label) {
        this.label = label;
    }

    /** CamelCase, as written in the records. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
