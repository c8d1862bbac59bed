package dev.foundation.lifecycle.internal;

/** Short descriptions of errors for reports and logs. */
final class Errors {

    private Errors() {
    }

    /** {@code "SimpleClassName: message"}, or the class name alone. */
    static String describe(Throwable error) {
        if (error == null) {
            return null;
        }
        String message = error.getMessage();
        String type = error.getClass().getSimpleName().isEmpty() ? error.getClass().getName() : error.getClass().getSimpleName();
        return message == null ? type : type + ": " + message;
    }
}
