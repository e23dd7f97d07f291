package tokyo.seisei.operator.cli;

/** Who runs a command, as the pause records it: the person behind sudo when there is one. */
final class User {

    private User() {
    }

    static String current() {
        String sudoUser = System.getenv("SUDO_USER");
        return sudoUser != null && !sudoUser.isBlank() ? sudoUser : System.getProperty("user.name");
    }
}
