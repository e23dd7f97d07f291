package tokyo.seisei.operator.docker;

/** The credentials of a registry could not be had: the Docker config cannot be read, or its helper failed. */
final class CredentialsUnavailable extends RuntimeException {

    CredentialsUnavailable(String message) {
        super(message);
    }

    CredentialsUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
