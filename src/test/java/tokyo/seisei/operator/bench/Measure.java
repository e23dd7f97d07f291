package tokyo.seisei.operator.bench;

/** The rows of the table {@code make bench} prints: the performance measures of the operator and their targets. */
enum Measure {
    ROLLBACK("rollback: failed smoke → previous version serving again", "≤ 2 s"),
    ROLLBACK_PID1("the same, the server as PID 1 ignoring SIGTERM", "≤ 2 s"),
    DEPLOY_RATIO("deploy through `reconcile`, operator / CLI script", "≤ 1.10"),
    FAIL_FAST("a version turning `unhealthy` fails its smoke (1 s probes, 2 retries, 60 s timeout)",
            "≤ 4 s: one interval after it turns unhealthy"),
    STACKS("stacks on a default engine, each on a network of its own", "300; Compose: the engine's default pools"),
    FIRST_CONVERGE("first converge of 100 stacks (no smoke)", "≤ 60 s"),
    CHANGE_MANY("a new version for 50 of 300 stacks at once",
            "those 50 redeployed, the 250 others' containers untouched; the time beside a CLI script's"),
    NO_OP_CPU("CPU per no-op pass at 100 stacks", "≤ 10 ms"),
    NO_OP_REQUESTS("Docker API requests per no-op pass", "constant"),
    RSS("daemon RSS at 100 stacks", "≤ 150 MiB"),
    START_READY("daemon start → ready (`/q/health/ready`) at 100 stacks", "≤ 2 s"),
    CLI("a CLI command (`stackctl status`, 100 stacks)", "≤ 0.5 s"),
    IDLE_CPU("idle CPU of the daemon, 15 s poll, 100 stacks", "≤ 0.5 %"),
    EDIT_TO_DEPLOY("local edit → its deploy starts", "≤ 2 s"),
    SERVING_GAP("longest gap serving during a deploy", "≤ CLI's");

    final String label;
    final String target;

    Measure(String label, String target) {
        this.label = label;
        this.target = target;
    }
}
